"""Unit tests of the Solr query parser (no database)."""
from __future__ import annotations

import datetime

import pytest

from ckanext.bandaaceh.search import fields
from ckanext.bandaaceh.search import parser as p

pytestmark = []


def test_field_value():
    assert p.parse_lucene("tags:economy") == p.Term("tags", "economy")


def test_quoted_value_keeps_spaces_and_escapes():
    assert p.parse_lucene('organization:"dinas \\"x\\" kesehatan"') == \
        p.Term("organization", 'dinas "x" kesehatan', "phrase")


def test_plus_minus_and_default_and():
    node = p.parse_lucene("+capacity:public -state:deleted tags:a")
    assert node == p.And((
        p.Term("capacity", "public"), p.Term("tags", "a"),
        p.Not(p.Term("state", "deleted"))))


def test_field_group_applies_field_to_each_value():
    node = p.parse_lucene("+state:(active OR draft)")
    assert node == p.Or((p.Term("state", "active"), p.Term("state", "draft")))


def test_or_binds_looser_than_and():
    node = p.parse_lucene("a:1 AND b:2 OR c:3")
    assert node == p.Or((
        p.And((p.Term("a", "1"), p.Term("b", "2"))), p.Term("c", "3")))


def test_not_keyword_and_symbols():
    assert p.parse_lucene("a:1 && !b:2") == p.And((
        p.Term("a", "1"), p.Not(p.Term("b", "2"))))
    assert p.parse_lucene("a:1 || b:2") == p.Or((
        p.Term("a", "1"), p.Term("b", "2")))
    assert p.parse_lucene("NOT a:1") == p.Not(p.Term("a", "1"))


def test_ranges_with_stars_and_exclusive_bounds():
    assert p.parse_lucene("metadata_modified:[NOW-1DAY TO *]") == \
        p.Range("metadata_modified", "NOW-1DAY", None, True, True)
    assert p.parse_lucene("num_resources:{1 TO 5]") == \
        p.Range("num_resources", "1", "5", False, True)
    assert p.parse_lucene("res_format:[* TO *]") == p.Exists("res_format")


def test_wildcards():
    assert p.parse_lucene("name:air*") == p.Term("name", "air", "prefix")
    assert p.parse_lucene("name:a?r*") == p.Term("name", "a?r*", "wildcard")
    assert p.parse_lucene("extras_kode:*") == p.Exists("extras_kode")
    assert p.parse_lucene("*:*") == p.MatchAll()


def test_escaped_special_characters_are_literal():
    assert p.parse_lucene(r"url:http\://x.go.id/a\-b") == \
        p.Term("url", "http://x.go.id/a-b")
    assert p.parse_lucene(r"name:a\*") == p.Term("name", "a*")


def test_boost_and_fuzzy_are_ignored():
    assert p.parse_lucene("title:air^4") == p.Term("title", "air")
    assert p.parse_lucene("title:air~2") == p.Term("title", "air")


def test_unfielded_terms_use_default_field():
    assert p.parse_lucene("air bersih") == p.And((
        p.Term(None, "air"), p.Term(None, "bersih")))
    assert p.parse_lucene("air", default_field="title") == \
        p.Term("title", "air")


def test_local_params_choose_the_parser():
    assert p.parse_lucene("{!lucene df=title}air") == p.Term("title", "air")
    assert p.parse_lucene("{!lucene q.op=OR}air gampong") == p.Or((
        p.Term(None, "air"), p.Term(None, "gampong")))
    assert p.parse_lucene("{!dismax}tags:a") == p.Term(None, "tags:a")
    assert p.parse_lucene("{!bool must=air must_not=pdam}") == p.And((
        p.Term(None, "air"), p.Not(p.Term(None, "pdam"))))
    assert p.parse_lucene("{!type=bool filter='tags:x'}") == \
        p.Term("tags", "x")
    with pytest.raises(p.QuerySyntaxError):
        p.parse_lucene("{!knn f=vector topK=3}[1,2]")


def test_blanks_around_the_field_colon():
    assert p.parse_lucene("tags : air") == p.Term("tags", "air")
    assert p.parse_lucene("tags: air") == p.Term("tags", "air")


@pytest.mark.parametrize("query", [
    "(tags:a", "tags:a)", "tags:", 'title:"open', "[a TO b]", "a:[1 TO",
    "a:[1 2]", "AND a:1", "a:1 AND", "a:1 OR", "x\\", "a:1^", "()",
    "a:(b OR )", "((((((((((" * 10,
])
def test_malformed_queries_raise_syntax_errors(query):
    with pytest.raises(p.QuerySyntaxError):
        p.parse_lucene(query)


def test_deep_nesting_is_refused_not_recursed():
    with pytest.raises(p.QuerySyntaxError):
        p.parse_lucene("(" * 500 + "a:1" + ")" * 500)


@pytest.mark.parametrize("mm,clauses,expected", [
    ("2<-1 5<80%", 1, 1), ("2<-1 5<80%", 2, 2), ("2<-1 5<80%", 3, 2),
    ("2<-1 5<80%", 5, 4), ("2<-1 5<80%", 6, 4), ("2<-1 5<80%", 10, 8),
    ("1", 3, 1), ("-1", 3, 2), ("50%", 4, 2), (None, 3, 3),
])
def test_minimum_should_match(mm, clauses, expected):
    assert p.minimum_should_match(mm, clauses) == expected


def test_dismax_two_words_both_required():
    assert p.parse_dismax("air bersih", "2<-1 5<80%") == p.And((
        p.Term(None, "air"), p.Term(None, "bersih")))


def test_dismax_three_words_two_required():
    node = p.parse_dismax("air bersih gampong", "2<-1 5<80%")
    assert isinstance(node, p.AtLeast) and node.minimum == 2


def test_dismax_phrases_signs_and_prefix():
    node = p.parse_dismax('"air bersih" +gampong -sekolah pendu*', None)
    assert node == p.And((
        p.Term(None, "gampong"), p.Term(None, "air bersih", "phrase"),
        p.Term(None, "pendu", "prefix"), p.Not(p.Term(None, "sekolah"))))


def test_dismax_treats_syntax_as_text():
    node = p.parse_dismax("a:b (c) & !", None)
    assert not any(isinstance(n, p.Term) and n.field for n in p.walk(node))


def test_dismax_doubled_operator_is_an_error():
    with pytest.raises(p.QuerySyntaxError):
        p.parse_dismax("--included", None)


def test_solr_date_math():
    now = datetime.datetime(2017, 7, 15, 13, 45, 10)
    assert fields.solr_date("NOW", now) == "2017-07-15T13:45:10.000000Z"
    assert fields.solr_date("NOW-1DAY", now) == "2017-07-14T13:45:10.000000Z"
    assert fields.solr_date("NOW/DAY", now) == "2017-07-15T00:00:00.000000Z"
    assert fields.solr_date("NOW/MONTH+1MONTH", now) == \
        "2017-08-01T00:00:00.000000Z"
    assert fields.solr_date("2016-12-31T23:00:00Z+2HOURS", now) == \
        "2017-01-01T01:00:00.000000Z"
    with pytest.raises(ValueError):
        fields.solr_date("yesterday", now)
    with pytest.raises(ValueError):
        fields.solr_date("NOW-1FORTNIGHT", now)


def test_field_kinds_follow_ckan_schema():
    assert fields.kind_of("title") == "text"
    assert fields.kind_of("extras_sumber") == "text"
    assert fields.kind_of("tags") == "string"
    assert fields.kind_of("metadata_modified") == "date"
    assert fields.kind_of("tanggal_date") == "date"
    assert fields.kind_of("name_ngram") == "ngram"
    assert fields.kind_of("anything_else") == "string"
