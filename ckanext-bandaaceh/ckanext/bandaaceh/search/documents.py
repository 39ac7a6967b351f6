"""Turn CKAN's search documents into rows of the search tables."""
from __future__ import annotations

import datetime
import functools
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG, insert

from ckanext.bandaaceh.model import search_document, search_stored
from . import fields

# Fields that CKAN puts in every query: columns of their own.
COLUMN_FIELDS = ("site_id", "state", "capacity", "dataset_type")
# CKAN's default facet fields (``search.facets``): columns of their own, a
# single value or a list.
FACET_SCALARS = ("organization", "license_id")
FACET_ARRAYS = ("tags", "groups", "res_format")

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


def filter_entry(field: str, value: str) -> str:
    """One entry of the ``filters`` array: field names cannot hold '='."""
    return "%s=%s" % (field, value)


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


def split_fields(doc: dict[str, Any]) -> tuple[dict, dict]:
    """Every matchable field of a document as a list of strings: exact
    fields (``terms``) apart from analysed text fields (``texts``)."""
    terms: dict[str, list[str]] = {}
    texts: dict[str, list[str]] = {}
    for key, value in doc.items():
        if key in fields.STORED_ONLY:
            continue
        values = fields.as_strings(value)
        kind = fields.kind_of(key)
        if kind == "date":
            values = [d for d in (fields.normalise_date(v) for v in values)
                      if d]
        if values:
            # a value counts once per document, as in Solr's facets
            target = texts if kind == "text" else terms
            target[key] = list(dict.fromkeys(values))
    return terms, texts


def rows_of(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document row and the stored row for one CKAN search document."""
    doc = _clean(dict(doc))
    doc.setdefault("indexed_ts", datetime.datetime.utcnow().strftime(
        fields.DATE_FORMAT))
    index_id = doc.get("index_id") or doc["id"]
    terms, texts = split_fields(doc)

    def first(field: str) -> Any:
        return (terms.get(field) or [None])[0]

    d_keys = list(WEIGHT_D) + [k for k in doc
                               if k.startswith(WEIGHT_D_PREFIXES)]
    document = {
        "index_id": index_id,
        "id": doc["id"],
        "name": doc.get("name"),
        **{field: first(field) for field in COLUMN_FIELDS + FACET_SCALARS},
        **{field: terms.get(field, []) for field in FACET_ARRAYS},
        "permission_labels": terms.get("permission_labels", []),
        "filters": [filter_entry(field, value)
                    for field, values in terms.items()
                    if field not in COLUMN_FIELDS
                    and field != "permission_labels"
                    for value in values],
        "terms": terms,
        "texts": texts,
        "text_a": _text_of(doc, WEIGHT_A),
        "text_b": _text_of(doc, WEIGHT_B),
        "text_c": _text_of(doc, WEIGHT_C),
        "text_d": _text_of(doc, d_keys),
    }
    document["site_id"] = document["site_id"] or ""
    stored = {
        "index_id": index_id,
        "doc": {k: (fields.solr_output_date(v)
                    if fields.kind_of(k) == "date" else v)
                for k, v in doc.items() if k not in fields.STORED_ONLY},
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
    }
    return document, stored


def _upsert(table: sa.Table, values: dict[str, Any]):
    stmt = insert(table).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.index_id],
        set_={name: stmt.excluded[name] for name in values
              if name != "index_id"})


@functools.lru_cache(maxsize=8)
def upsert_statements(text_config: str) -> tuple[Any, Any]:
    """INSERT .. ON CONFLICT statements taking the rows of :func:`rows_of`
    (built once per text search configuration)."""
    cfg = sa.cast(sa.literal(text_config, sa.UnicodeText), REGCONFIG)

    def weighted(param: str, weight: str):
        return sa.func.setweight(sa.func.to_tsvector(
            cfg, sa.bindparam(param, type_=sa.UnicodeText)), weight)

    # the gap markers are deleted only once the parts are joined, so that
    # each part's trailing marker still separates it from the next part
    vector = sa.func.ts_delete(
        weighted("text_a", "A").op("||")(weighted("text_b", "B"))
        .op("||")(weighted("text_c", "C")).op("||")(weighted("text_d", "D")),
        sa.literal(VALUE_GAP, sa.UnicodeText))
    document_values: dict[str, Any] = {
        column.name: sa.bindparam(column.name, type_=column.type)
        for column in search_document.columns
        if column.name not in ("search_vector", "indexed_at")}
    document_values["search_vector"] = vector
    document_values["indexed_at"] = sa.func.now()
    stored_values = {column.name: sa.bindparam(column.name, type_=column.type)
                     for column in search_stored.columns}
    return (_upsert(search_document, document_values),
            _upsert(search_stored, stored_values))
