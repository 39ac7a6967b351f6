"""Property tests: random filter queries give the same datasets through
the PostgreSQL engine as a brute-force Python filter over the datasets.

Each generated query carries its own Python predicate, written
independently of the engine's parser and SQL compiler.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ckan.tests import factories, helpers
import ckan.tests.helpers as test_helpers
import ckan.lib.search as search

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins"),
]

TAGS = ["penduduk", "gampong", "kesehatan", "anak", "air", "pajak",
        "sekolah", "jalan"]
ORGS = ["bappeda", "dinkes", "disdik", "dpkad"]
FORMATS = ["CSV", "XLSX", "JSON", "PDF"]
LICENSES = ["cc-by", "odc-odbl", "other-open"]


@pytest.fixture(scope="module")
def datasets():
    """Forty datasets with random tags, formats, licences and owners."""
    test_helpers.reset_db()
    search.clear_all()
    rng = random.Random(1171)
    orgs = {name: factories.Organization(name=name) for name in ORGS}
    made = []
    for i in range(40):
        tags = rng.sample(TAGS, rng.randint(0, 3))
        formats = [rng.choice(FORMATS) for _ in range(rng.randint(0, 3))]
        org = rng.choice(ORGS)
        license_id = rng.choice(LICENSES)
        factories.Dataset(
            name="ds-%02d" % i, owner_org=orgs[org]["id"],
            license_id=license_id, tags=[{"name": t} for t in tags],
            resources=[{"url": "http://x/%d" % j, "format": f}
                       for j, f in enumerate(formats)])
        made.append({"name": "ds-%02d" % i, "tags": set(tags),
                     "organization": org, "res_format": set(formats),
                     "license_id": license_id,
                     "num_resources": len(formats)})
    return made


def leaf():
    value_query = st.one_of(
        st.sampled_from(TAGS).map(lambda v: (
            "tags:%s" % v, lambda d, v=v: v in d["tags"])),
        st.sampled_from(TAGS).map(lambda v: (
            'tags:"%s"' % v, lambda d, v=v: v in d["tags"])),
        st.sampled_from(ORGS).map(lambda v: (
            "organization:%s" % v, lambda d, v=v: d["organization"] == v)),
        st.sampled_from(FORMATS).map(lambda v: (
            "res_format:%s" % v, lambda d, v=v: v in d["res_format"])),
        st.sampled_from(LICENSES).map(lambda v: (
            "license_id:%s" % v, lambda d, v=v: d["license_id"] == v)),
        st.sampled_from(TAGS).map(lambda v: v[:2]).map(lambda p: (
            "tags:%s*" % p,
            lambda d, p=p: any(t.startswith(p) for t in d["tags"]))),
        st.tuples(st.integers(0, 3), st.integers(0, 3)).map(lambda r: (
            "num_resources:[%d TO %d]" % r,
            lambda d, r=r: r[0] <= d["num_resources"] <= r[1])),
        st.integers(0, 3).map(lambda n: (
            "num_resources:{%d TO *]" % n,
            lambda d, n=n: d["num_resources"] > n)),
        st.just(("res_format:*", lambda d: bool(d["res_format"]))),
    )
    return value_query


def combine(children):
    def both(pair, joiner, fn):
        (qa, pa), (qb, pb) = pair
        return ("(%s%s%s)" % (qa, joiner, qb), lambda d: fn(pa(d), pb(d)))

    return st.one_of(
        st.tuples(children, children).map(
            lambda p: both(p, " AND ", lambda a, b: a and b)),
        st.tuples(children, children).map(
            lambda p: both(p, " OR ", lambda a, b: a or b)),
        st.tuples(children, children).map(
            lambda p: both(p, " ", lambda a, b: a and b)),
        st.tuples(children, children).map(
            lambda p: both(p, " -", lambda a, b: a and not b)),
        st.tuples(children, children).map(
            lambda p: both(p, " AND NOT ", lambda a, b: a and not b)),
        st.tuples(children, children).map(
            lambda p: both(p, " || ", lambda a, b: a or b)),
    )


queries = st.recursive(leaf(), combine, max_leaves=6)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_fq_matches_brute_force(datasets, query):
    text, predicate = query
    result = helpers.call_action("package_search", fq=text, rows=1000,
                                 fl="name")
    found = {row["name"] for row in result["results"]}
    expected = {d["name"] for d in datasets if predicate(d)}
    assert found == expected, text
    assert result["count"] == len(expected)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_facet_counts_match_brute_force(datasets, query):
    text, predicate = query
    result = helpers.call_action("package_search", fq=text, rows=0,
                                 **{"facet.field": '["tags", "res_format"]',
                                    "facet.limit": -1})
    hits = [d for d in datasets if predicate(d)]
    for field in ("tags", "res_format"):
        expected: dict = {}
        for d in hits:
            for value in d[field]:
                expected[value] = expected.get(value, 0) + 1
        assert result["facets"][field] == expected, (text, field)
