"""The OpenAPI description of our ``bandaaceh_*`` actions: it covers
exactly the registered actions, and the live portal keeps to it
(schemathesis: no server errors, every answer matches the schema)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import pengembang

from tests.dcat.conftest import katalog_marks

# with the harvester plugins that register `bandaaceh_*` actions too
pytestmark = katalog_marks("harvest bandaaceh_berita bandaaceh_ppid")

ACTION_PATH = pengembang.ACTION_PATH


def _registered() -> dict[str, object]:
    """Every ``bandaaceh_*`` action the loaded plugins register now."""
    found = {}
    for plugin in p.PluginImplementations(p.IActions):
        for name in plugin.get_actions():
            if name.startswith("bandaaceh_"):
                found[name] = tk.get_action(name)
    return found


def test_every_registered_action_is_described_and_no_other():
    registered = _registered()
    assert len(registered) >= 8
    described = {a["name"]: a["method"] for a in pengembang.aksi()}
    assert sorted(described) == sorted(registered)


def test_side_effect_free_actions_are_get_and_the_others_post():
    described = {a["name"]: a["method"] for a in pengembang.aksi()}
    for name, action in _registered().items():
        expected = ("GET" if getattr(action, "side_effect_free", False)
                    else "POST")
        assert described.get(name) == expected, name


def test_the_document_is_served_with_this_portal_as_server(app):
    doc = app.get("/api/openapi.json").json
    assert doc["openapi"].startswith("3.0")
    assert doc["servers"] == [{"url": "http://test.ckan.net"}]
    assert all(path.startswith(ACTION_PATH) for path in doc["paths"])


def _operations():
    doc = pengembang.openapi()
    return [(path, method) for path, ops in sorted(doc["paths"].items())
            for method in ops]


@pytest.fixture
def data_portal(skpk, dataset, aplikasi):
    """Something to count: an SKPK, a dataset and an app."""


@pytest.mark.parametrize("path, method", _operations())
def test_the_live_portal_keeps_to_the_document(live_server, data_portal,
                                               path, method):
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import (
        content_type_conformance, response_schema_conformance,
        status_code_conformance)

    checks = [not_a_server_error, status_code_conformance,
              content_type_conformance, response_schema_conformance]
    # NUL bytes are left out here: they give 500 in CKAN core too, and
    # test_nul_bytes_are_refused pins that on its own.
    config = schemathesis.config.SchemathesisConfig.from_dict(
        {"generation": {"allow-x00": False}})
    schema = schemathesis.openapi.from_url(live_server + "/api/openapi.json",
                                           config=config)
    operation = schema[path][method.upper()]
    calls = []

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            response = case.call(base_url=live_server, timeout=30)
            calls.append(response.status_code)
            case.validate_response(response, checks=checks)

        run()
    assert calls and 500 not in calls


GET_WITH_IDS = [
    "bandaaceh_unduhan_resource?id=a%00b",
    "bandaaceh_unduhan_dataset?id=a%00b",
    "bandaaceh_unduhan_skpk?id=a%00b",
    "bandaaceh_unduhan_bulanan?skpk=a%00b",
    "bandaaceh_unduhan_bulanan?dataset=a%00b",
    "bandaaceh_unggahan_statistik?skpk=a%00b",
]


@pytest.mark.parametrize("query", GET_WITH_IDS)
def test_nul_bytes_are_refused(app, query):
    response = app.get(ACTION_PATH + query)
    assert response.status_code in (404, 409)


@pytest.mark.parametrize("url", [
    "/api/3/action/package_show?id=a%00b",
    "/api/3/action/package_search?q=a%00b",
    "/api/3/action/bandaaceh_ppid_kinerja?skpk=x%00",
])
def test_nul_bytes_are_refused_by_ckan_actions_too(app, url):
    response = app.get(url, status=409)
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert "NUL" in next(iter(v for k, v in error.items()
                              if k != "__type"))[0]


def test_nul_bytes_in_a_json_body_and_on_pages_are_refused(app):
    response = app.post("/api/3/action/package_search",
                        json={"q": "x\x00"}, status=409)
    assert response.json["error"]["q"]
    assert app.get("/dataset/?q=a%00", status=400)
