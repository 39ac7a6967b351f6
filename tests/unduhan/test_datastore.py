"""DataStore dumps are downloads too (when the datastore plugin is on)."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh.unduhan import agregasi, statistik

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh datastore"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "redis_unduhan",
                            "datastore_siap"),
]


@pytest.fixture
def tabel():
    """A resource with two rows in the DataStore (its own table in the
    shared test DataStore database, dropped afterwards)."""
    dataset = factories.Dataset()
    resource = factories.Resource(package_id=dataset["id"])
    helpers.call_action("datastore_create", resource_id=resource["id"],
                        force=True, fields=[{"id": "gampong"},
                                            {"id": "jiwa", "type": "int"}],
                        records=[{"gampong": "Peunayong", "jiwa": 4000},
                                 {"gampong": "Laksana", "jiwa": 6000}])
    yield resource
    helpers.call_action("datastore_delete", resource_id=resource["id"],
                        force=True)


def test_dump_is_counted(app, tabel, antrean_unduhan):
    url = tk.h.url_for("datastore.dump", resource_id=tabel["id"])
    res = app.get(url)
    assert res.status_code == 200
    assert "Peunayong" in res.get_data(as_text=True)
    app.get(url, query_string={"format": "json"}, status=200)
    assert [e[2] for e in antrean_unduhan()] == ["datastore", "datastore"]
    assert app.test_client().head(url).status_code == 200
    assert len(antrean_unduhan()) == 2
    agregasi.agregasi()
    assert statistik.unduhan_resource(tabel["id"])["jumlah"] == 2


def test_refused_dump_is_not_counted(app, antrean_unduhan):
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    resource = factories.Resource(package_id=dataset["id"])
    helpers.call_action("datastore_create", resource_id=resource["id"],
                        force=True, records=[{"a": 1}])
    try:
        url = tk.h.url_for("datastore.dump", resource_id=resource["id"])
        assert app.get(url).status_code == 404
        assert antrean_unduhan() == []
    finally:
        helpers.call_action("datastore_delete", resource_id=resource["id"],
                            force=True)
