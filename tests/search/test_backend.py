"""The seam where the PostgreSQL engine meets CKAN.

These tests fail if CKAN stops obtaining its search engine through the
module-level ``make_connection`` this extension replaces.
"""
from __future__ import annotations

import inspect

import pysolr
import pytest
import sqlalchemy as sa

import ckan.lib.search as ckan_search
import ckan.lib.search.common as search_common
import ckan.lib.search.index as search_index
import ckan.lib.search.query as search_query
import ckan.model as model
import ckan.plugins as p
from ckan.tests import factories, helpers

from ckanext.bandaaceh.search import backend
from ckanext.bandaaceh.search.client import PostgresSearchClient

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins"),
]


def test_ckan_still_uses_the_patched_seams():
    sources = {
        search_index.PackageSearchIndex.index_package: "make_connection(",
        search_index.PackageSearchIndex.delete_package: "make_connection(",
        search_index.clear_index: "make_connection(",
        search_query.PackageSearchQuery.run: "make_connection(",
        search_query.PackageSearchQuery.get_index: "make_connection(",
        search_query.PackageSearchQuery.get_all_entity_ids:
            "make_connection(",
        search_common.is_available: "make_connection(",
    }
    for function, needle in sources.items():
        assert needle in inspect.getsource(function), function
    # CKAN's start-up calls the schema check through the package
    import ckan.config.environment as environment
    assert "search.check_solr_schema_version()" in inspect.getsource(
        environment.update_config)


@pytest.mark.usefixtures("clean_db")
def test_install_is_in_place_and_idempotent():
    backend.install()
    backend.install()
    assert backend.installed()
    assert ckan_search.check_solr_schema_version is \
        backend.check_solr_schema_version
    assert isinstance(search_index.make_connection(), PostgresSearchClient)
    assert search_common.is_available()


def test_backend_survives_plugin_unload():
    p.unload("bandaaceh")
    try:
        assert backend.installed()
        assert isinstance(search_query.make_connection(),
                          PostgresSearchClient)
    finally:
        p.load("bandaaceh")


@pytest.mark.ckan_config("ckanext.bandaaceh.search.engine", "solr")
@pytest.mark.ckan_config("solr_url", "http://127.0.0.1:9/solr/ckan")
def test_solr_engine_hands_back_to_ckans_client():
    connection = search_query.make_connection()
    assert isinstance(connection, pysolr.Solr)
    assert connection.url == "http://127.0.0.1:9/solr/ckan"
    assert backend.check_solr_schema_version() is False  # Solr is down


class IndexedField(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)

    def before_dataset_index(self, pkg_dict):
        pkg_dict["kode_wilayah"] = "1171"
        return pkg_dict


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.provide_plugin("odba_test_indexed_field", IndexedField)
def test_documents_come_from_ckans_pipeline():
    org = factories.Organization(name="bappeda")
    with p.use_plugin("odba_test_indexed_field"):
        dataset = factories.Dataset(owner_org=org["id"], private=True)
    row = model.Session.execute(
        sa.text("SELECT s.doc, d.permission_labels "
                "FROM bandaaceh_search_document d "
                "JOIN bandaaceh_search_stored s USING (index_id) "
                "WHERE d.id = :id"), {"id": dataset["id"]}).one()
    doc, labels = row
    assert doc["kode_wilayah"] == "1171"   # before_dataset_index ran
    assert doc["capacity"] == "private"
    assert labels == ["member-%s" % org["id"]]
    assert doc["site_id"] == "odba-test"
    result = helpers.call_action("package_search", fq="kode_wilayah:1171",
                                 include_private=True)
    assert result["count"] == 1


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_search_index_commands(cli):
    from ckan.cli.cli import ckan as ckan_command
    dataset = factories.Dataset(name="apbk-2017")
    ckan_search.clear_all()
    assert helpers.call_action("package_search")["count"] == 0
    result = cli.invoke(ckan_command, ["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert helpers.call_action("package_search")["count"] == 1
    result = cli.invoke(ckan_command, ["search-index", "show", "apbk-2017"])
    assert dataset["id"] in result.output
    result = cli.invoke(ckan_command, ["search-index", "check"])
    assert "Packages not indexed = 0 out of 1" in result.output
    result = cli.invoke(ckan_command, ["search-index", "clear"])
    assert helpers.call_action("package_search")["count"] == 0


def test_queries_reach_sql_as_parameters():
    from ckanext.bandaaceh.search import parser, sql
    evil = "x'); DROP TABLE package; --"
    node = parser.parse_lucene('tags:"%s" OR title:"%s"' % (evil, evil))
    expression = sql.Compiler("simple").compile(node)
    compiled = expression.compile(
        dialect=sa.dialects.postgresql.dialect())
    assert "DROP TABLE" not in str(compiled)
    assert any("DROP TABLE" in str(v) for v in compiled.params.values())


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_parallel_rebuild_command(cli):
    from ckan.cli.cli import ckan as ckan_command
    for i in range(5):
        factories.Dataset(name="data-%d" % i, title="Data Gampong %d" % i)
    ckan_search.clear_all()
    result = cli.invoke(ckan_command,
                        ["bandaaceh", "search-rebuild", "--processes", "2"])
    assert result.exit_code == 0, result.output
    assert "Indexed 5 datasets" in result.output
    found = helpers.call_action("package_search", q="gampong", rows=10)
    assert sorted(d["name"] for d in found["results"]) == [
        "data-%d" % i for i in range(5)]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_bulk_rebuild_writes_in_batches_and_vacuums(monkeypatch):
    from ckanext.bandaaceh.search import client
    monkeypatch.setattr(client, "PENDING_BATCH", 3)
    monkeypatch.setattr(client, "VACUUM_AFTER", 4)
    vacuums = []
    monkeypatch.setattr(client.PostgresSearchClient, "vacuum",
                        lambda self: vacuums.append(True))
    for i in range(4):
        factories.Dataset(name="berkas-%d" % i)
    ckan_search.clear_all()
    index = search_index.PackageSearchIndex()
    import ckan.logic as logic
    for i in range(4):
        both = logic.package_show_default_and_custom_schemas(
            {}, "berkas-%d" % i)
        index.update_dict(dict(both[0], with_custom_schema=both[1]),
                          defer_commit=True)
    count = model.Session.execute(sa.text(
        "SELECT count(*) FROM bandaaceh_search_document")).scalar()
    assert count == 3            # one batch written, one document pending
    assert helpers.call_action("package_search")["count"] == 4  # flushed
    ckan_search.commit()
    assert vacuums == [True]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_vacuum_marks_the_index_pages_all_visible():
    for i in range(3):
        factories.Dataset(name="arsip-%d" % i)
    visible = sa.text("SELECT relallvisible FROM pg_class "
                      "WHERE relname = 'bandaaceh_search_document'")
    PostgresSearchClient().vacuum()   # outside any transaction block
    model.Session.remove()
    assert model.Session.execute(visible).scalar() > 0
