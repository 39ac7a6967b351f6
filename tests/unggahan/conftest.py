"""The upload pipeline against a live CKAN: uploads over HTTP, the check
and xloader run by CKAN's jobs worker, the DataStore in PostgreSQL."""
from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import Any, Optional

import pytest
import requests

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.tests import factories, helpers

from tests.marks import portal

PLUGINS = "bandaaceh scheming_datasets datastore xloader datatables_view"


def marks() -> list:
    """The portal with DataStore, xloader and the DataTables preview."""
    return portal(PLUGINS) + [
        # xloader's job bookkeeping, one file per test process
        pytest.mark.ckan_config("ckanext.xloader.jobs_db.uri", "sqlite:///"
                                + os.path.join(tempfile.gettempdir(),
                                               "odba-test-xloader-%d.db"
                                               % os.getpid())),
        pytest.mark.ckan_config("ckanext.bandaaceh.unggahan.ukuran_maks",
                                "1"),
        pytest.mark.ckan_config("ckan.max_resource_size", "5"),
        pytest.mark.usefixtures("datastore_siap", "antrean_kosong"),
    ]


@pytest.fixture
def antrean_kosong():
    jobs.get_queue().empty()
    yield
    jobs.get_queue().empty()


def kerjakan() -> None:
    """Run every queued job (the check, then xloader) as `ckan jobs
    worker` does, forking per job."""
    jobs.Worker().work(burst=True)


@dataclasses.dataclass
class Portal:
    url: str
    token: str
    dataset: dict[str, Any]

    def unggah(self, nama: str, isi: bytes,
               resource_id: Optional[str] = None) -> requests.Response:
        """Upload `isi` as a new resource (or over `resource_id`) through
        the action API, multipart, as an SKPK editor would."""
        data = {"format": "CSV", "name": nama}
        if resource_id:
            action, data["id"] = "resource_patch", resource_id
        else:
            action, data["package_id"] = "resource_create", self.dataset["id"]
        return requests.post(
            f"{self.url}/api/3/action/{action}", data=data,
            files={"upload": (nama, isi, "text/csv")},
            headers={"Authorization": self.token}, timeout=60)

    def resource(self, resource_id: str) -> dict[str, Any]:
        return helpers.call_action("resource_show", id=resource_id)


@pytest.fixture
def pipeline(live_server, ckan_config, monkeypatch):
    """A live portal with one SKPK, its editor's API token and one
    dataset; xloader authenticates with a sysadmin token."""
    admin = factories.Sysadmin()
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token",
                        factories.APIToken(user=admin["name"])["token"])
    editor = factories.User()
    org = factories.Organization(
        name="dinkes", title="Dinas Kesehatan",
        users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = factories.Dataset(
        name="kasus-dbd", title="Kasus DBD", owner_org=org["id"],
        extras=[{"key": "frekuensi_pembaruan", "value": "bulanan"}])
    return Portal(live_server,
                  factories.APIToken(user=editor["name"])["token"], dataset)


def datastore_rows(resource_id: str) -> Optional[list[dict[str, Any]]]:
    """The DataStore records of a resource (None: no table)."""
    try:
        result = helpers.call_action("datastore_search",
                                     resource_id=resource_id, limit=1000)
    except tk.ObjectNotFound:
        return None
    return result["records"]
