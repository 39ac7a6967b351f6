"""A Solr client that answers from PostgreSQL.

CKAN talks to its search engine through a ``pysolr.Solr`` connection
(``add``, ``delete``, ``commit``, ``search``).  :class:`PostgresSearchClient`
offers the same calls over the ``bandaaceh_search_document`` table, so the
whole of CKAN's indexing and querying pipeline (document building,
``before_dataset_index``, permission labels, ``fq`` assembly, result
handling) runs unchanged on top of it.
"""
from __future__ import annotations

import atexit
import logging
import threading
from typing import Any, Iterable, Optional

import pysolr
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

import ckan.lib.search.common as search_common
import ckan.model as model

from ckanext.bandaaceh.model import search_document as table
from ckanext.bandaaceh.model import search_stored as stored
from . import documents, fields, parser, settings
from .sql import Compiler, sort_clauses

log = logging.getLogger(__name__)


PENDING_BATCH = 250
# After a bulk write of this many documents (a rebuild), the search tables
# are vacuumed and analysed at the commit: every row was rewritten, and
# scans should not wade through the dead versions until autovacuum comes.
VACUUM_AFTER = 1000


class PendingDocuments:
    """Rows added without a commit, per process (CKAN's rebuild adds one
    document at a time; writing them in batches keeps a rebuild fast)."""

    def __init__(self) -> None:
        self._rows: list = []
        self._lock = threading.Lock()
        self.written = 0  # deferred documents written since the last commit

    def put(self, pairs: list) -> int:
        with self._lock:
            self._rows.extend(pairs)
            self.written += len(pairs)
            return len(self._rows)

    def take(self) -> list:
        with self._lock:
            rows, self._rows = self._rows, []
            return rows


pending = PendingDocuments()


@atexit.register
def _flush_at_exit() -> None:
    if pending.put([]):
        try:
            PostgresSearchClient().flush()
        except Exception:  # the process is ending: report, do not raise
            log.exception("Could not write pending search documents")


class Results:
    """The parts of ``pysolr.Results`` that CKAN reads."""

    def __init__(self, docs: list[dict[str, Any]], hits: int,
                 facets: dict[str, Any]):
        self.docs = docs
        self.hits = hits
        self.facets = facets
        self.raw_response = {"response": {"numFound": hits, "docs": docs}}

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self):
        return iter(self.docs)


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _as_int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise pysolr.SolrError(
            "Invalid value for parameter '%s': %r" % (key, value))


class PostgresSearchClient:
    """Drop-in for the ``pysolr.Solr`` connection CKAN makes."""

    url = "postgresql://search"

    def __init__(self, decode_dates: bool = True):
        # like pysolr with CKAN's decoder: dates come back as datetimes
        self.decode_dates = decode_dates

    # --- writing ---------------------------------------------------------
    def add(self, docs: Iterable[dict[str, Any]], commit: bool = True,
            **kwargs: Any) -> None:
        """Index documents; with ``commit=False`` (CKAN's rebuilds) they are
        written in batches and become visible at the next commit, search
        or delete of this process, as Solr shows them at its next commit."""
        pairs = [documents.rows_of(doc) for doc in docs]
        if commit:
            self._write(pending.take() + pairs, durable=True)
        elif pending.put(pairs) >= PENDING_BATCH:
            self._write(pending.take(), durable=False)

    def _write(self, pairs: list, durable: bool) -> None:
        if not pairs:
            return
        upsert_document, upsert_stored = documents.upsert_statements(
            self._text_config())
        try:
            with self._engine().begin() as conn:
                if not durable:
                    # the index is derived data, rebuilt from the database
                    conn.execute(sa.text("SET LOCAL synchronous_commit = off"))
                conn.execute(upsert_document, [d for d, _ in pairs])
                conn.execute(upsert_stored, [s for _, s in pairs])
        except sa.exc.SQLAlchemyError as error:
            raise pysolr.SolrError("Could not index documents: %s" % error)

    def flush(self) -> None:
        """Write the documents added without a commit."""
        self._write(pending.take(), durable=True)

    def delete(self, id: Optional[Any] = None, q: Optional[str] = None,
               commit: bool = True, **kwargs: Any) -> None:
        if id is not None:
            condition = table.c.index_id.in_(_as_list(id))
        elif q is not None:
            try:
                condition = Compiler(self._text_config()).compile(
                    parser.parse_lucene(q))
            except parser.QuerySyntaxError as error:
                raise pysolr.SolrError(str(error))
        else:
            raise ValueError("delete needs an id or a query")
        self.flush()
        with self._engine().begin() as conn:
            conn.execute(sa.delete(table).where(condition))

    def commit(self, **kwargs: Any) -> None:
        self.flush()
        if pending.written >= VACUUM_AFTER:
            self.vacuum()
        pending.written = 0

    def vacuum(self) -> None:
        """VACUUM ANALYZE the search tables."""
        engine = self._engine().execution_options(
            isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in (table.name, stored.name):
                conn.execute(sa.text("VACUUM ANALYZE %s" % name))

    # --- reading ---------------------------------------------------------
    def search(self, q: str, **params: Any) -> Results:
        self.flush()
        try:
            return self._search(q, params)
        except parser.QuerySyntaxError as error:
            raise pysolr.SolrError(
                "org.apache.solr.search.SyntaxError: %s" % error)
        except sa.exc.OperationalError as error:
            log.warning("Search query failed: %s", error)
            raise pysolr.SolrError("Search query could not be completed "
                                   "(too slow or too large)")
        except sa.exc.DataError as error:
            raise pysolr.SolrError("Invalid search value: %s"
                                   % str(error.orig).strip())

    def _search(self, q: str, params: dict[str, Any]) -> Results:
        max_length = settings.get("max_query_length")
        fq_list = [f for f in _as_list(params.get("fq")) if f and f.strip()]
        for text in [q or ""] + fq_list:
            if not isinstance(text, str):
                raise parser.QuerySyntaxError("query must be a string")
            if "\x00" in text:
                raise parser.QuerySyntaxError("NUL character in query")
            if len(text) > max_length:
                raise parser.QuerySyntaxError(
                    "query longer than %d characters" % max_length)
        rows = _as_int(params, "rows", 10)
        start = _as_int(params, "start", 0)
        if rows < 0 or start < 0:
            raise pysolr.SolrError("'rows' and 'start' must not be negative")
        if start > settings.get("max_start"):
            raise pysolr.SolrError("'start' is too large")

        compiler = Compiler(self._text_config())
        def_type = params.get("defType", "lucene")
        default_field = params.get("df")
        if default_field == "text":
            default_field = None
        if def_type == "dismax":
            q_node = parser.parse_dismax(q or "", params.get("mm"))
        else:
            q_node = parser.parse_lucene(
                q or "*:*", default_field,
                str(params.get("q.op", "AND")).upper() == "OR")
        # the filters are compiled as one conjunction so that their exact
        # field values become a single index lookup
        filters = parser.make_and([parser.parse_lucene(f) for f in fq_list])
        where = sa.and_(compiler.compile(q_node, scoring=True),
                        compiler.compile(filters))
        rank = compiler.rank()
        order = sort_clauses(params.get("sort") or "score desc", rank)

        facet_fields = []
        if str(params.get("facet", "true")).lower() == "true":
            facet_fields = [f for f in _as_list(params.get("facet.field")) if f]

        with self._engine().connect() as conn:
            timeout = int(settings.get("statement_timeout"))
            conn.execute(sa.text("SET LOCAL statement_timeout = %d" % timeout))
            hits, facet_counts = self._count_and_facets(
                conn, where, facet_fields)
            docs = []
            if rows > 0 and hits > start:
                docs = self._page(conn, where, order, rank, rows, start,
                                  params.get("fl"))
            conn.rollback()

        facets = {}
        if facet_fields:
            limit = _as_int(params, "facet.limit", 50)
            mincount = _as_int(params, "facet.mincount", 0)
            facets["facet_fields"] = {
                field: _facet_list(facet_counts.get(field, {}), limit,
                                   mincount)
                for field in facet_fields}
        return Results(docs, hits, facets)

    def _count_and_facets(self, conn, where, facet_fields):
        columns = {f for f in facet_fields
                   if f in documents.FACET_SCALARS + documents.FACET_ARRAYS}
        others = [f for f in facet_fields if f not in columns]
        selected = [table.c[f] for f in sorted(columns)]
        if others:
            selected += [table.c.terms, table.c.texts]
        hits_cte = (sa.select(table.c.index_id, *selected).where(where)
                    .cte("hits").prefix_with("MATERIALIZED"))
        queries = [sa.select(
            sa.literal(None, sa.UnicodeText).label("field"),
            sa.literal(None, sa.UnicodeText).label("value"),
            sa.func.count().label("n")).select_from(hits_cte)]
        for field in sorted(columns):
            label = sa.literal(field, sa.UnicodeText)
            if field in documents.FACET_SCALARS:
                value = hits_cte.c[field]
                queries.append(
                    sa.select(label, value, sa.func.count())
                    .where(value.is_not(None)).group_by(value))
            else:
                values = sa.func.unnest(hits_cte.c[field]).table_valued(
                    "value").render_derived(name="fv_" + field)
                queries.append(
                    sa.select(label, values.c.value, sa.func.count())
                    .select_from(hits_cte).join(values, sa.true())
                    .group_by(values.c.value))
        if others:
            wanted = sa.func.unnest(sa.literal(
                others, ARRAY(sa.UnicodeText))).table_valued(
                    "field").render_derived(name="wanted")
            values = sa.func.jsonb_array_elements_text(sa.func.coalesce(
                hits_cte.c.terms.op("->")(wanted.c.field),
                hits_cte.c.texts.op("->")(wanted.c.field))).table_valued(
                    "value").render_derived(name="fv")
            queries.append(
                sa.select(wanted.c.field, values.c.value, sa.func.count())
                .select_from(hits_cte).join(wanted, sa.true())
                .join(values, sa.true())
                .group_by(wanted.c.field, values.c.value))
        statement = (queries[0] if len(queries) == 1
                     else sa.union_all(*queries))
        hits = 0
        counts: dict[str, dict[str, int]] = {}
        for field, value, n in conn.execute(statement):
            if field is None:
                hits = n
            else:
                counts.setdefault(field, {})[value] = n
        return hits, counts

    def _page(self, conn, where, order, rank, rows, start, fl):
        wanted = set()
        for item in _as_list(fl):
            wanted.update(x for x in str(item).replace(",", " ").split() if x)
        if not wanted:
            wanted = {"*", "score"} if fl is None else {"*"}
        if rank is None:
            rank = sa.literal(1.0, sa.Float)
        page = conn.execute(
            sa.select(table.c.index_id, rank.label("score"))
            .where(where).order_by(*order).limit(rows).offset(start)).all()
        stored_rows = {
            row.index_id: row for row in conn.execute(
                sa.select(stored).where(stored.c.index_id.in_(
                    [index_id for index_id, _ in page])))}
        docs = []
        for index_id, score in page:
            row = stored_rows.get(index_id)
            if row is None:  # removed meanwhile
                continue
            doc, data_dict, validated = (row.doc, row.data_dict,
                                         row.validated_data_dict)
            full = dict(doc)
            full["data_dict"] = data_dict
            full["validated_data_dict"] = validated
            full["score"] = float(score)
            if "*" in wanted:
                result = {k: v for k, v in full.items()
                          if k not in fields.NOT_STORED and k != "score"}
                if "score" in wanted:
                    result["score"] = full["score"]
            else:
                result = {k: full[k] for k in wanted
                          if k in full and full[k] is not None}
            if self.decode_dates:
                result = search_common.solr_datetime_decoder(result)
            docs.append(result)
        return docs

    # --- helpers -----------------------------------------------------------
    @staticmethod
    def _engine():
        engine = model.meta.engine
        if engine is None:
            raise pysolr.SolrError("The CKAN database is not configured")
        return engine

    @staticmethod
    def _text_config() -> str:
        return settings.get("text_config")


def _facet_list(counts: dict[str, int], limit: int,
                mincount: int) -> list:
    """Solr's flat ``[value, count, value, count, ...]`` list, by count
    then value."""
    items = sorted(((v, n) for v, n in counts.items() if n >= mincount),
                   key=lambda item: (-item[1], item[0]))
    if limit >= 0:
        items = items[:limit]
    flat: list = []
    for value, n in items:
        flat.extend([value, n])
    return flat
