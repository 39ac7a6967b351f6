"""Turn CKAN's search documents into rows of the search table."""
from __future__ import annotations

import datetime
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from ckanext.bandaaceh.model import search_document as table
from . import fields

# The weighted parts of the free-text vector (Solr's QUERY_FIELDS and the
# fields CKAN's schema copies into ``text``).
WEIGHT_A = ("name", "title")
WEIGHT_B = ("tags", "groups", "organization")
WEIGHT_C = ("notes",)
WEIGHT_D = ("res_name", "res_description", "license", "license_id",
            "author", "maintainer", "url", "res_url", "ckan_url",
            "download_url", "text")
WEIGHT_D_PREFIXES = ("extras_", "res_extras_", "vocab_")
# Written between values, then deleted from the vector: it keeps a gap of
# one position so that a phrase never matches across two values (Solr's
# position increment gap).  A number, so no dictionary changes it.
VALUE_GAP = "7305912864"


def _clean(value: Any) -> Any:
    """Strip NUL characters, which PostgreSQL text cannot hold."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _text_of(doc: dict[str, Any], keys: Iterable[str]) -> str:
    parts: list[str] = []
    for key in keys:
        parts.extend(fields.as_strings(doc.get(key)))
    parts.append("")
    return (" %s " % VALUE_GAP).join(parts)


def terms_of(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Every matchable field of a document as a list of strings."""
    terms: dict[str, list[str]] = {}
    for key, value in doc.items():
        if key in fields.STORED_ONLY:
            continue
        values = fields.as_strings(value)
        if fields.kind_of(key) == "date":
            values = [d for d in (fields.normalise_date(v) for v in values)
                      if d]
        if values:
            # a value counts once per document, as in Solr's facets
            terms[key] = list(dict.fromkeys(values))
    return terms


def row_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The column values for one CKAN search document."""
    doc = _clean(dict(doc))
    doc.setdefault("indexed_ts", datetime.datetime.utcnow().strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"))
    stored = {k: v for k, v in doc.items() if k not in fields.STORED_ONLY}
    d_keys = list(WEIGHT_D) + [k for k in doc
                               if k.startswith(WEIGHT_D_PREFIXES)]
    return {
        "index_id": doc.get("index_id") or doc["id"],
        "id": doc["id"],
        "name": doc.get("name"),
        "site_id": doc.get("site_id") or "",
        "doc": stored,
        "terms": terms_of(doc),
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
        "text_a": _text_of(doc, WEIGHT_A),
        "text_b": _text_of(doc, WEIGHT_B),
        "text_c": _text_of(doc, WEIGHT_C),
        "text_d": _text_of(doc, d_keys),
    }


def upsert_statement(text_config: str):
    """An INSERT .. ON CONFLICT statement taking ``row_of`` dicts."""
    cfg = sa.cast(sa.bindparam("text_config", text_config, literal_execute=False),
                  sa.dialects.postgresql.REGCONFIG)

    def weighted(param: str, weight: str):
        return sa.func.setweight(sa.func.to_tsvector(
            cfg, sa.bindparam(param, type_=sa.UnicodeText)), weight)

    # the gap markers are deleted only once the parts are joined, so that
    # each part's trailing marker still separates it from the next part
    vector = sa.func.ts_delete(
        weighted("text_a", "A").op("||")(weighted("text_b", "B"))
        .op("||")(weighted("text_c", "C")).op("||")(weighted("text_d", "D")),
        sa.literal(VALUE_GAP, sa.UnicodeText))
    stmt = insert(table).values(
        index_id=sa.bindparam("index_id"), id=sa.bindparam("id"),
        name=sa.bindparam("name"), site_id=sa.bindparam("site_id"),
        doc=sa.bindparam("doc", type_=table.c.doc.type),
        terms=sa.bindparam("terms", type_=table.c.terms.type),
        data_dict=sa.bindparam("data_dict"),
        validated_data_dict=sa.bindparam("validated_data_dict"),
        search_vector=vector, indexed_at=sa.func.now())
    return stmt.on_conflict_do_update(
        index_elements=[table.c.index_id],
        set_={name: stmt.excluded[name] for name in (
            "id", "name", "site_id", "doc", "terms", "data_dict",
            "validated_data_dict", "search_vector", "indexed_at")})
