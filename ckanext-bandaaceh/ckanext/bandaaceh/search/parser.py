"""Parser for the Solr query syntax that CKAN and its extensions emit.

The parser turns ``q``/``fq`` strings into a small tree of nodes that
:mod:`ckanext.bandaaceh.search.sql` compiles into SQL.  It understands the
Lucene ("standard") syntax: ``field:value``, quoted phrases, ``+``/``-``
prefixes, ``AND``/``OR``/``NOT`` (and ``&&``/``||``/``!``), parentheses,
ranges ``[a TO b]``/``{a TO b}`` with ``*``, trailing wildcards, escapes,
and the dismax syntax used for plain free-text queries.

Boosts (``^2``), fuzziness (``~``) and local parameters are accepted and
ignored where Solr would only use them for scoring.
"""
from __future__ import annotations

import dataclasses
import math
import re
from typing import Optional, Union


class QuerySyntaxError(ValueError):
    """The query cannot be parsed; the message says where and why."""


# --- nodes -----------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class MatchAll:
    pass


@dataclasses.dataclass(frozen=True)
class MatchNone:
    pass


@dataclasses.dataclass(frozen=True)
class Term:
    """One value for one field.

    ``field`` is None for the default field (free text).  ``kind`` is
    ``word`` (one token), ``phrase`` (quoted), ``prefix`` (``abc*``) or
    ``wildcard`` (``a?c`` or ``*`` inside the value).
    """
    field: Optional[str]
    value: str
    kind: str = "word"


@dataclasses.dataclass(frozen=True)
class Exists:
    field: str


@dataclasses.dataclass(frozen=True)
class Range:
    field: str
    low: Optional[str]
    high: Optional[str]
    include_low: bool = True
    include_high: bool = True


@dataclasses.dataclass(frozen=True)
class Not:
    node: "Node"


@dataclasses.dataclass(frozen=True)
class And:
    nodes: tuple


@dataclasses.dataclass(frozen=True)
class Or:
    nodes: tuple


@dataclasses.dataclass(frozen=True)
class AtLeast:
    """At least ``minimum`` of ``nodes`` match (dismax ``mm``)."""
    minimum: int
    nodes: tuple


Node = Union[MatchAll, MatchNone, Term, Exists, Range, Not, And, Or, AtLeast]


def make_and(nodes: list) -> Node:
    flat: list = []
    for node in nodes:
        if isinstance(node, And):
            flat.extend(node.nodes)
        elif isinstance(node, MatchAll):
            continue
        else:
            flat.append(node)
    if not flat:
        return MatchAll()
    if len(flat) == 1:
        return flat[0]
    return And(tuple(flat))


def make_or(nodes: list) -> Node:
    flat: list = []
    for node in nodes:
        if isinstance(node, Or):
            flat.extend(node.nodes)
        elif isinstance(node, MatchAll):
            return MatchAll()
        else:
            flat.append(node)
    if not flat:
        return MatchNone()
    if len(flat) == 1:
        return flat[0]
    return Or(tuple(flat))


# --- Lucene syntax ---------------------------------------------------------

_SPECIAL = set('+-&|!(){}[]^"~*?:\\/ \t\r\n')
_TERM_STOP = set('(){}[]^"~ \t\r\n')
_FIELD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_LOCAL_PARAMS_RE = re.compile(r"^\s*\{![^}]*\}")
MAX_DEPTH = 50


class _LuceneParser:
    def __init__(self, text: str, default_field: Optional[str],
                 default_or: bool = False):
        self.text = text
        self.pos = 0
        self.default_field = default_field
        # q.op=OR: clauses written side by side are alternatives
        self.default_or = default_or
        self.depth = 0

    # low level
    def error(self, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(
            "Cannot parse '%s': %s at position %d"
            % (self.text[:200], message, self.pos))

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_ws(self) -> None:
        while not self.at_end() and self.text[self.pos].isspace():
            self.pos += 1

    def keyword(self) -> Optional[str]:
        """Return AND/OR/NOT (or their symbols) if one starts here."""
        for word, name in (("&&", "AND"), ("||", "OR")):
            if self.peek(2) == word:
                return name
        for word in ("AND", "OR", "NOT"):
            end = self.pos + len(word)
            if self.text[self.pos:end] == word and (
                    end >= len(self.text) or self.text[end].isspace()
                    or self.text[end] in "()"):
                return word
        return None

    def take_keyword(self, name: str) -> None:
        if self.peek(2) in ("&&", "||"):
            self.pos += 2
        else:
            self.pos += len(name)

    # grammar
    def parse(self) -> Node:
        node = self.parse_or(top=True)
        self.skip_ws()
        if not self.at_end():
            raise self.error("unexpected '%s'" % self.peek())
        return node

    def parse_or(self, top: bool = False) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("query nested too deeply")
        groups = [self.parse_and()]
        while True:
            self.skip_ws()
            if self.keyword() == "OR":
                self.take_keyword("OR")
                groups.append(self.parse_and())
            elif (self.default_or and not self.at_end()
                  and self.peek() != ")"):
                groups.append(self.parse_and())
            else:
                break
        self.depth -= 1
        return make_or(groups)

    def parse_and(self) -> Node:
        must: list = []
        must_not: list = []
        seen_clause = False
        while True:
            self.skip_ws()
            if self.at_end() or self.peek() == ")":
                break
            kw = self.keyword()
            if kw == "OR":
                break
            if kw == "AND":
                if not seen_clause:
                    raise self.error("AND without a left-hand clause")
                self.take_keyword("AND")
                self.skip_ws()
                kw = self.keyword()
                if kw in ("AND", "OR") or self.at_end() or self.peek() == ")":
                    raise self.error("AND without a right-hand clause")
            negate = False
            if kw == "NOT":
                self.take_keyword("NOT")
                negate = True
                self.skip_ws()
            elif self.peek() == "!":
                self.pos += 1
                negate = True
            if self.peek() == "+":
                self.pos += 1
            elif self.peek() == "-":
                self.pos += 1
                negate = True
            clause = self.parse_clause()
            seen_clause = True
            if self.default_or:
                self.skip_ws()
                if self.keyword() != "AND":
                    (must_not if negate else must).append(clause)
                    break
            (must_not if negate else must).append(clause)
        if not must and not must_not:
            if self.at_end() and self.pos == 0:
                raise self.error("empty query")
            raise self.error("expected a clause")
        node = make_and(must + [Not(n) for n in must_not])
        return node

    def parse_clause(self) -> Node:
        self.skip_ws()
        if self.at_end():
            raise self.error("expected a clause")
        ch = self.peek()
        if ch == "(":
            self.pos += 1
            inner = self.parse_or()
            self.skip_ws()
            if self.peek() != ")":
                raise self.error("missing ')'")
            self.pos += 1
            self.skip_boost()
            return inner
        if ch in "[{":
            return self.parse_range(self.default_field)
        if ch == '"':
            value = self.read_quoted()
            self.skip_boost()
            return self.make_term(self.default_field, value, quoted=True)
        if ch in ")]}":
            raise self.error("unexpected '%s'" % ch)
        # a term, maybe a field name
        start = self.pos
        field_match = _FIELD_RE.match(self.text, self.pos)
        if field_match:
            # Lucene allows blanks around the colon: "field : value"
            after = field_match.end()
            while after < len(self.text) and self.text[after].isspace():
                after += 1
            if self.text[after:after + 1] == ":":
                self.pos = after + 1
                self.skip_ws()
                return self.parse_field_value(field_match.group(0))
        if self.peek(2) == "*:":
            self.pos += 2
            if self.peek() == "*":
                self.pos += 1
                self.skip_boost()
                return MatchAll()
            raise self.error("'*' can only be used as '*:*'")
        self.pos = start
        raw, has_wild = self.read_term()
        self.skip_boost()
        return self.make_term(self.default_field, raw, wildcard=has_wild)

    def parse_field_value(self, field: str) -> Node:
        if self.at_end() or self.peek().isspace():
            raise self.error("missing value for field '%s'" % field)
        ch = self.peek()
        if ch == "(":
            saved = self.default_field
            self.default_field = field
            self.pos += 1
            inner = self.parse_or()
            self.skip_ws()
            if self.peek() != ")":
                raise self.error("missing ')'")
            self.pos += 1
            self.default_field = saved
            self.skip_boost()
            return inner
        if ch in "[{":
            return self.parse_range(field)
        if ch == '"':
            value = self.read_quoted()
            self.skip_boost()
            return self.make_term(field, value, quoted=True)
        raw, has_wild = self.read_term()
        self.skip_boost()
        return self.make_term(field, raw, wildcard=has_wild)

    def read_quoted(self) -> str:
        assert self.peek() == '"'
        self.pos += 1
        out = []
        while True:
            if self.at_end():
                raise self.error("unterminated quoted phrase")
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == '"':
                self.pos += 1
                break
            out.append(ch)
            self.pos += 1
        # proximity ~N after a phrase only affects scoring
        if self.peek() == "~":
            self.pos += 1
            while not self.at_end() and self.text[self.pos].isdigit():
                self.pos += 1
        return "".join(out)

    def read_term(self) -> tuple[str, bool]:
        """Read an unquoted term; return it unescaped and whether it has
        unescaped wildcards (``*`` or ``?``), which are kept as ``*``/``?``
        while escaped ones are kept with a backslash."""
        out = []
        has_wild = False
        while not self.at_end():
            ch = self.text[self.pos]
            if ch == "\\":
                if self.pos + 1 >= len(self.text):
                    raise self.error("dangling escape character")
                nxt = self.text[self.pos + 1]
                out.append("\\" + nxt if nxt in "*?\\" else nxt)
                self.pos += 2
                continue
            if ch in _TERM_STOP:
                break
            if ch == ":":
                raise self.error("unexpected ':'")
            if ch in "*?":
                has_wild = True
            out.append(ch)
            self.pos += 1
        if not out:
            raise self.error("expected a term")
        if self.peek() == "~":  # fuzzy search: treat as a plain term
            self.pos += 1
            while not self.at_end() and (self.text[self.pos].isdigit()
                                         or self.text[self.pos] == "."):
                self.pos += 1
        return "".join(out), has_wild

    def skip_boost(self) -> None:
        if self.peek() == "^":
            self.pos += 1
            start = self.pos
            while not self.at_end() and (self.text[self.pos].isdigit()
                                         or self.text[self.pos] == "."):
                self.pos += 1
            if self.pos == start:
                raise self.error("boost without a number")

    def parse_range(self, field: Optional[str]) -> Node:
        if field is None:
            raise self.error("a range needs a field")
        open_ch = self.text[self.pos]
        self.pos += 1
        self.skip_ws()
        low = self.read_range_bound()
        self.skip_ws()
        if self.text[self.pos:self.pos + 2] != "TO":
            raise self.error("range without 'TO'")
        self.pos += 2
        self.skip_ws()
        high = self.read_range_bound()
        self.skip_ws()
        if self.at_end() or self.peek() not in "]}":
            raise self.error("unterminated range")
        close_ch = self.text[self.pos]
        self.pos += 1
        self.skip_boost()
        low_v = None if low == "*" else low
        high_v = None if high == "*" else high
        if low_v is None and high_v is None:
            return Exists(field)
        return Range(field, low_v, high_v, open_ch == "[", close_ch == "]")

    def read_range_bound(self) -> str:
        if self.peek() == '"':
            return self.read_quoted()
        out = []
        while not self.at_end():
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch.isspace() or ch in "]}":
                break
            out.append(ch)
            self.pos += 1
        if not out:
            raise self.error("empty range bound")
        return "".join(out)

    def make_term(self, field: Optional[str], value: str,
                  quoted: bool = False, wildcard: bool = False) -> Node:
        if quoted:
            return Term(field, value, "phrase")
        if wildcard:
            if field is not None and value == "*":
                return Exists(field)
            body = value[:-1]
            if (value.endswith("*") and not value.endswith("\\*")
                    and "*" not in body.replace("\\*", "")
                    and "?" not in body.replace("\\?", "")):
                return Term(field, _unescape_wild(body), "prefix")
            return Term(field, value, "wildcard")
        return Term(field, _unescape_wild(value), "word")


def _unescape_wild(value: str) -> str:
    return value.replace("\\*", "*").replace("\\?", "?").replace("\\\\", "\\")


_LOCAL_PARAM_RE = re.compile(
    r"""([A-Za-z_.][A-Za-z0-9_.]*)(?:=(?:'([^']*)'|"([^"]*)"|([^\s}]+)))?""")


def _local_params(text: str) -> tuple[dict[str, str], str]:
    """Split ``{!type key=value ...}rest`` into its parameters and rest."""
    match = _LOCAL_PARAMS_RE.match(text)
    if not match:
        return {}, text
    body = match.group(0).strip()[2:-1]
    params: dict[str, str] = {}
    for found in _LOCAL_PARAM_RE.finditer(body):
        key = found.group(1)
        value = next((g for g in found.groups()[1:] if g is not None), None)
        if value is None:
            params.setdefault("type", key)
        else:
            params[key] = value
    return params, text[match.end():]


def parse_lucene(text: str, default_field: Optional[str] = None,
                 default_or: bool = False) -> Node:
    """Parse a query in the Lucene/Solr standard syntax.

    Local parameters at the start select a query parser, as in Solr:
    ``{!lucene q.op=OR df=title}``, ``{!dismax mm=1}`` and
    ``{!bool must=.. should=.. must_not=.. filter=..}`` are understood
    (CKAN only lets through the parsers ``ckan.search.solr_allowed_query_parsers``
    names); other parsers are refused.
    """
    params, rest = _local_params(text)
    if params:
        kind = params.get("type", "lucene")
        rest = params.get("v", rest)
        field = params.get("df", default_field)
        field = None if field == "text" else field
        if kind == "lucene":
            return parse_lucene(rest, field,
                                params.get("q.op", "").upper() == "OR")
        if kind in ("dismax", "edismax"):
            return parse_dismax(rest, params.get("mm"))
        if kind == "bool":
            must = [parse_lucene(params[k], field)
                    for k in ("must", "filter") if k in params]
            if "should" in params:
                must.append(parse_lucene(params["should"], field))
            if "must_not" in params:
                must.append(Not(parse_lucene(params["must_not"], field)))
            return make_and(must)
        raise QuerySyntaxError(
            "query parser '%s' is not supported by the PostgreSQL search "
            "engine" % kind)
    if not text.strip():
        return MatchAll()
    return _LuceneParser(text, default_field, default_or).parse()


# --- dismax ----------------------------------------------------------------

_DISMAX_TOKEN_RE = re.compile(r'([+-]?)"([^"]*)"|(\S+)')


def minimum_should_match(spec: Optional[str], clauses: int) -> int:
    """How many optional clauses must match, following Solr's ``mm``.

    Supports integers, negative integers, percentages and conditional
    specs such as CKAN's default ``2<-1 5<80%``.
    """
    if clauses <= 0:
        return 0
    if not spec:
        return clauses

    def one(expr: str) -> int:
        expr = expr.strip()
        if expr.endswith("%"):
            pct = int(expr[:-1])
            value = math.floor(clauses * abs(pct) / 100.0)
            return clauses - value if pct < 0 else value
        number = int(expr)
        return clauses + number if number < 0 else number

    try:
        parts = spec.split()
        if any("<" in part for part in parts):
            required = clauses
            for part in parts:
                limit, _, expr = part.partition("<")
                if clauses > int(limit):
                    required = one(expr)
        else:
            required = one(parts[0])
    except ValueError:
        raise QuerySyntaxError("Invalid 'mm' parameter: %r" % spec)
    return max(1, min(clauses, required))


def parse_dismax(text: str, mm: Optional[str] = None) -> Node:
    """Parse a free-text (dismax) query: words, "phrases", +required,
    -excluded and trailing-``*`` prefixes; every other character is
    plain text."""
    must: list = []
    should: list = []
    must_not: list = []
    for match in _DISMAX_TOKEN_RE.finditer(text):
        sign, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            sign = ""
            if not word.strip("+-"):
                continue
            if len(word) > 1 and word[0] in "+-":
                sign, word = word[0], word[1:]
                if word[0] in "+-":
                    # Solr's dismax refuses a doubled operator ("--word")
                    raise QuerySyntaxError(
                        "Cannot parse '%s': operator '%s%s' has no clause"
                        % (text[:200], sign, word[0]))
            if word.upper() in ("AND", "OR", "NOT", "&&", "||"):
                continue
            prefix = word.endswith("*") and len(word.strip("*")) > 0
            core = word.strip("*?\\")
            if not re.search(r"\w", core):
                continue
            node: Node = Term(None, core, "prefix" if prefix else "word")
        else:
            if not re.search(r"\w", phrase or ""):
                continue
            node = Term(None, phrase, "phrase")
        if sign == "+":
            must.append(node)
        elif sign == "-":
            must_not.append(node)
        else:
            should.append(node)
    parts: list = list(must)
    if should:
        required = minimum_should_match(mm, len(should))
        if required >= len(should):
            parts.extend(should)
        else:
            parts.append(AtLeast(required, tuple(should)))
    if not parts and not must_not:
        return MatchAll() if not text.strip() else MatchNone()
    parts.extend(Not(n) for n in must_not)
    return make_and(parts)


def walk(node: Node):
    """Yield every node of a tree, depth first."""
    yield node
    if isinstance(node, Not):
        yield from walk(node.node)
    elif isinstance(node, (And, Or, AtLeast)):
        for child in node.nodes:
            yield from walk(child)
