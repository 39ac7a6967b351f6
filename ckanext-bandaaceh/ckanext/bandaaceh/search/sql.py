"""Compile parsed query trees into SQL over the search document table.

Every value from a query reaches PostgreSQL as a bound parameter: field
names become JSON keys (``terms -> :key``), values become parameters of
``plainto_tsquery``/``phraseto_tsquery``, array containment or ``LIKE``.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, REAL, REGCONFIG

from ckanext.bandaaceh.model import search_document as table
from . import documents, fields, parser as p

_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
# Solr's QUERY_FIELDS gives name and title 4, tags and groups 2, text 1:
# ts_rank weights are listed D, C, B, A.
RANK_WEIGHTS = [0.1, 0.2, 0.5, 1.0]


class Compiler:
    """Turns a query tree into a SQLAlchemy boolean expression."""

    def __init__(self, text_config: str,
                 now: Optional[datetime.datetime] = None):
        self.cfg = sa.cast(sa.literal(text_config, sa.UnicodeText), REGCONFIG)
        self.now = now or datetime.datetime.utcnow()
        self.rank_queries: list = []

    # entry point
    def compile(self, node: p.Node, scoring: bool = False) -> Any:
        return self._node(node, scoring)

    def rank(self) -> Any:
        """ts_rank over the positive free-text terms seen while scoring,
        or None when the query has none (every hit scores the same)."""
        if not self.rank_queries:
            return None
        combined = self.rank_queries[0]
        for query in self.rank_queries[1:]:
            combined = combined.op("||")(query)
        return sa.func.ts_rank(
            sa.literal(RANK_WEIGHTS, ARRAY(REAL)), table.c.search_vector,
            combined)

    # nodes
    def _node(self, node: p.Node, scoring: bool) -> Any:
        if isinstance(node, p.MatchAll):
            return sa.true()
        if isinstance(node, p.MatchNone):
            return sa.false()
        if isinstance(node, p.And):
            return self._and(node, scoring)
        if isinstance(node, p.Or):
            return self._or(node, scoring)
        if isinstance(node, p.Not):
            return sa.not_(self._node(node.node, False))
        if isinstance(node, p.AtLeast):
            parts = [self._node(n, scoring) for n in node.nodes]
            hits = sum((sa.case((part, 1), else_=0) for part in parts),
                       sa.literal(0))
            return sa.and_(sa.or_(*parts), hits >= node.minimum)
        if isinstance(node, p.Exists):
            return column_for(node.field).has_key(node.field)
        if isinstance(node, p.Range):
            return self._range(node)
        if isinstance(node, p.Term):
            return self._term(node, scoring)
        raise TypeError("unknown query node %r" % (node,))

    def _and(self, node: p.And, scoring: bool) -> Any:
        # exact field values are merged into one array containment test,
        # which the GIN index answers by intersecting its posting lists
        wanted: list[tuple[str, str]] = []
        others = []
        for child in node.nodes:
            exact = self._exact(child)
            if exact is None:
                others.append(self._node(child, scoring))
            else:
                wanted.append(exact)
        return sa.and_(*(exact_all(wanted) + others))

    def _or(self, node: p.Or, scoring: bool) -> Any:
        exacts = [self._exact(child) for child in node.nodes]
        if all(exacts) and len({field for field, _ in exacts}) == 1:
            return exact_any(exacts[0][0], [value for _, value in exacts])
        return sa.or_(*(self._node(n, scoring) for n in node.nodes))

    @staticmethod
    def _exact(node: p.Node) -> Optional[tuple[str, str]]:
        """(field, value) if the node is an exact match on a field."""
        if not isinstance(node, p.Term) or node.field is None:
            return None
        kind = fields.kind_of(node.field)
        if kind in ("text", "ngram") or node.kind in ("prefix", "wildcard"):
            return None
        value = node.value
        if kind == "date":
            value = fields.normalise_date(value)
            if value is None:
                raise p.QuerySyntaxError("Invalid date '%s' for field '%s'"
                                         % (node.value, node.field))
        return node.field, value

    def _term(self, term: p.Term, scoring: bool) -> Any:
        field = term.field or "text"
        kind = fields.kind_of(field)
        if kind == "text":
            return self._text(field, term, scoring)
        if kind == "ngram":
            pattern = "%" + _like_escape(term.value) + "%"
            return self._any_value(fields.NGRAM_FIELDS[field],
                                   lambda v: v.ilike(pattern, escape="\\"))
        if term.kind in ("prefix", "wildcard"):
            pattern = (_like_escape(term.value) + "%"
                       if term.kind == "prefix" else _wildcard_like(term.value))
            return self._any_value(field,
                                   lambda v: v.like(pattern, escape="\\"))
        return sa.and_(*exact_all([self._exact(term)]))

    def _tsquery(self, term: p.Term) -> Any:
        if term.kind == "phrase":
            return sa.func.phraseto_tsquery(self.cfg, term.value)
        if term.kind in ("prefix", "wildcard"):
            words = re.findall(r"\w+", term.value.replace("*", " ")
                               .replace("?", " "))
            if not words:
                return sa.func.plainto_tsquery(self.cfg, "")
            expr = " & ".join(words) + ":*"
            return sa.func.to_tsquery(self.cfg, expr)
        return sa.func.plainto_tsquery(self.cfg, term.value)

    def _text(self, field: str, term: p.Term, scoring: bool) -> Any:
        query = self._tsquery(term)
        if scoring:
            self.rank_queries.append(query)
        in_document = table.c.search_vector.op("@@")(query)
        if field == "text":
            return in_document
        field_vector = sa.func.to_tsvector(
            self.cfg, sa.func.coalesce(table.c.texts.op("->")(field),
                                       sa.literal([], JSONB)))
        # the document vector holds every text field: it narrows the rows
        # through its GIN index before the field itself is checked
        return sa.and_(in_document, field_vector.op("@@")(query))

    def _range(self, node: p.Range) -> Any:
        kind = fields.kind_of(node.field)
        low, high = node.low, node.high
        if kind == "date":
            try:
                low = fields.solr_date(low, self.now) if low else None
                high = fields.solr_date(high, self.now) if high else None
            except ValueError as error:
                raise p.QuerySyntaxError(str(error))
        numeric = all(b is None or _NUMBER_RE.match(b) for b in (low, high))
        numeric = numeric and kind != "date"

        def compare(value: Any) -> Any:
            if numeric:
                value = sa.case(
                    (value.op("~")(_NUMBER_RE.pattern),
                     sa.cast(value, sa.Numeric)), else_=None)
                bounds = [sa.literal(float(b)) if b is not None else None
                          for b in (low, high)]
            else:
                value = value.collate("C")
                bounds = [sa.literal(b, sa.UnicodeText)
                          if b is not None else None for b in (low, high)]
            conds = []
            if bounds[0] is not None:
                conds.append(value >= bounds[0] if node.include_low
                             else value > bounds[0])
            if bounds[1] is not None:
                conds.append(value <= bounds[1] if node.include_high
                             else value < bounds[1])
            return sa.and_(*conds)

        return self._any_value(node.field, compare)

    @staticmethod
    def _any_value(field: str, predicate) -> Any:
        values = sa.func.jsonb_array_elements_text(
            column_for(field).op("->")(field)).table_valued(
                "value").render_derived(name="v")
        return sa.exists(
            sa.select(sa.literal(1)).select_from(values)
            .where(predicate(values.c.value)))


def _text_array(values: list[str]) -> Any:
    return sa.literal(values, ARRAY(sa.UnicodeText))


def exact_all(pairs: list[tuple[str, str]]) -> list:
    """Conditions for documents having every (field, value) pair.

    The fields CKAN puts in every query have columns of their own; the
    rest are ``field=value`` entries of the GIN-indexed ``filters`` array.
    """
    conditions = []
    entries = []
    for field, value in pairs:
        if field in documents.COLUMN_FIELDS:
            conditions.append(table.c[field] == value)
        elif field == "permission_labels":
            conditions.append(
                table.c.permission_labels.op("@>")(_text_array([value])))
        else:
            entries.append(documents.filter_entry(field, value))
    if entries:
        conditions.insert(0, table.c.filters.op("@>")(_text_array(entries)))
    return conditions


def exact_any(field: str, values: list[str]) -> Any:
    """Condition for documents having at least one value of a field."""
    if field in documents.COLUMN_FIELDS:
        return table.c[field].in_(values)
    if field == "permission_labels":
        return table.c.permission_labels.op("&&")(_text_array(values))
    return table.c.filters.op("&&")(_text_array(
        [documents.filter_entry(field, v) for v in values]))


def column_for(field: str) -> Any:
    """The JSONB column holding a field's values."""
    return table.c.texts if fields.kind_of(field) == "text" else table.c.terms


def _like_escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace("%", "\\%")
            .replace("_", "\\_"))


def _wildcard_like(value: str) -> str:
    """Solr wildcards (``*``, ``?``, with ``\\*`` for a literal star) as a
    LIKE pattern."""
    out = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append(_like_escape(value[i + 1]))
            i += 2
            continue
        if ch == "*":
            out.append("%")
        elif ch == "?":
            out.append("_")
        else:
            out.append(_like_escape(ch))
        i += 1
    return "".join(out)


def sort_clauses(sort: str, rank: Any) -> list:
    """ORDER BY clauses for a Solr ``sort`` string such as
    ``score desc, metadata_modified desc``.

    Raises QuerySyntaxError with Solr's wording for an unreadable spec.
    """
    clauses = []
    for part in sort.split(","):
        part = part.strip()
        if not part:
            continue
        pieces = part.split()
        if len(pieces) != 2 or pieces[1].lower() not in ("asc", "desc"):
            raise p.QuerySyntaxError(
                "Can't determine a Sort Order (asc or desc) in sort spec '%s'"
                % part)
        field, direction = pieces[0], pieces[1].lower()
        if field == "score":
            if rank is None:
                continue
            expr = rank
        elif not re.match(r"^[A-Za-z_][A-Za-z0-9_.\-]*$", field):
            raise p.QuerySyntaxError(
                "Can't determine a Sort Order (asc or desc) in sort spec '%s'"
                % part)
        else:
            kind = fields.kind_of(field)
            value = column_for(field).op("->")(field).op("->>")(0)
            if kind == "int":
                expr = sa.case((value.op("~")(_NUMBER_RE.pattern),
                                sa.cast(value, sa.Numeric)), else_=None)
            else:
                expr = value.collate("C")
        clauses.append(expr.desc().nulls_last() if direction == "desc"
                       else expr.asc().nulls_last())
    clauses.append(table.c.index_id.asc())
    return clauses
