"""CKAN-to-CKAN harvesting both ways with ckanext-harvest's own
``ckan_harvester``, against a second, real CKAN (``tests/interop/peer.py``).

- Pull: the portal harvests the province's datasets from the peer, over
  HTTP, with the stages run synchronously in the test process.
- Push: the peer's ``ckan_harvester`` (its ``harvester run-test`` command,
  a subprocess) harvests our live test server.

Stock CKAN cannot create or search datasets without Solr, which does not
exist here: the peer searches with our ``bandaaceh`` plugin's PostgreSQL
engine. Both directions therefore also exercise that engine with the
queries the harvester sends (``organization:a OR organization:b`` filters,
``metadata_modified:[... TO *]`` for the incremental harvest, paging sorted
by ``id asc``).
"""
from __future__ import annotations

import json

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.harvest.model import HarvestSource
from ckanext.harvest.tests.factories import HarvestJobObj
from ckanext.harvest.tests.lib import run_harvest_job

from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest ckan_harvester") + [
    pytest.mark.usefixtures("clean_queues"),
]

# the province's catalogue on the peer: (organisation, title)
PROVINSI = {"dinkes-aceh": "Dinas Kesehatan Aceh",
            "bappeda-aceh": "Bappeda Aceh",
            "bps-aceh": "BPS Provinsi Aceh"}
PROVINSI_DATASETS = [
    {"name": "jumlah-puskesmas-aceh-2016", "owner_org": "dinkes-aceh",
     "title": "Jumlah Puskesmas per Kabupaten/Kota di Aceh 2016",
     "notes": "Puskesmas, pustu dan poskesdes per kabupaten/kota.",
     "license_id": "cc-by", "groups": [{"name": "kesehatan"}],
     "tags": [{"name": "kesehatan"}, {"name": "puskesmas"}],
     "extras": [{"key": "frekuensi_pembaruan", "value": "tahunan"}],
     "resources": [
         {"name": "Puskesmas 2016", "format": "CSV",
          "url": "https://data.acehprov.go.id/puskesmas-2016.csv"},
         {"name": "Kamus data", "format": "PDF",
          "url": "https://data.acehprov.go.id/puskesmas-kamus.pdf"}]},
    {"name": "realisasi-apba-2016", "owner_org": "bappeda-aceh",
     "title": "Realisasi APBA 2016", "notes": "Anggaran Aceh per urusan.",
     "license_id": "odc-by", "tags": [{"name": "keuangan"}],
     "resources": [{"name": "Realisasi APBA", "format": "XLSX",
                    "url": "https://data.acehprov.go.id/apba-2016.xlsx"}]},
    # outside the source's organisation filter: never pulled
    {"name": "penduduk-aceh-2016", "owner_org": "bps-aceh",
     "title": "Penduduk Aceh 2016", "tags": [{"name": "kependudukan"}],
     "resources": [{"name": "Penduduk", "format": "CSV",
                    "url": "https://aceh.bps.go.id/penduduk-2016.csv"}]},
]
DIPANEN = ["jumlah-puskesmas-aceh-2016", "realisasi-apba-2016"]


def _view(dataset: dict) -> dict:
    """What a harvest must carry over (ids of groups and organisations
    differ between the two instances; names must not)."""
    return {
        "name": dataset["name"], "title": dataset["title"],
        "notes": dataset["notes"], "license_id": dataset["license_id"],
        "organization": dataset["organization"]["name"],
        "tags": sorted(t["name"] for t in dataset["tags"]),
        "resources": [(r["name"], r["url"], r["format"])
                      for r in dataset["resources"]],
    }


def _extras(dataset: dict) -> dict:
    """The extras, without those ckanext-harvest adds to every harvested
    dataset it shows (`harvest_source_id`, ...)."""
    return {e["key"]: e["value"] for e in dataset.get("extras", [])
            if not e["key"].startswith("harvest_")}


def _harvest_extras(dataset: dict) -> dict:
    return {e["key"]: e["value"] for e in dataset.get("extras", [])
            if e["key"].startswith("harvest_source_")}


@pytest.fixture
def provinsi(peer):
    """The province's organisations, theme and datasets, made through the
    peer's API."""
    for name, title in PROVINSI.items():
        peer.action("organization_create", name=name, title=title)
    peer.action("group_create", name="kesehatan", title="Kesehatan")
    return {d["name"]: peer.action("package_create", **d)
            for d in PROVINSI_DATASETS}


def _pull_source(config: dict) -> dict:
    owner = factories.Organization(name="diskominfotik",
                                   title="Dinas Komunikasi dan Informatika")
    return tk.get_action("harvest_source_create")(
        {"user": factories.Sysadmin()["name"]},
        {"name": "portal-aceh", "title": "Portal Data Aceh",
         "url": config.pop("url"), "source_type": "ckan",
         "owner_org": owner["id"], "frequency": "MANUAL",
         "config": json.dumps(config)})


def _pull(source: dict) -> dict:
    """Run a harvest of `source` here; {remote id: what happened}."""
    job = HarvestJobObj(source=HarvestSource.get(source["id"]))
    results = run_harvest_job(job, p.get_plugin("ckan_harvester"))
    report = tk.get_action("harvest_job_report")(
        {"ignore_auth": True}, {"id": job.id})
    assert not report["gather_errors"], report["gather_errors"]
    assert not report["object_errors"], report["object_errors"]
    return {guid: r["report_status"] for guid, r in results.items()}


def _local(name: str) -> dict:
    return helpers.call_action("package_show", id=name)


def _local_datasets() -> list[str]:
    """The datasets, without the harvest source (also a dataset)."""
    found = helpers.call_action("package_search", q="*:*", rows=100,
                                fq="-dataset_type:harvest")
    return sorted(d["name"] for d in found["results"])


def test_pull_province_datasets_with_their_organisations(peer, provinsi):
    factories.Group(name="kesehatan", title="Kesehatan")
    source = _pull_source({
        "url": peer.url, "remote_orgs": "create",
        "remote_groups": "only_local",
        "organizations_filter_include": ["dinkes-aceh", "bappeda-aceh"],
        "default_extras": {"sumber_panen": "{harvest_source_url}"}})

    statuses = _pull(source)

    assert _local_datasets() == DIPANEN
    assert set(statuses.values()) == {"added"}
    for name in DIPANEN:
        local = _local(name)
        assert _view(local) == _view(provinsi[name])
        assert local["id"] == provinsi[name]["id"]
        assert _extras(local) == {**_extras(provinsi[name]),
                                  "sumber_panen": peer.url}
        assert _harvest_extras(local) == {
            "harvest_source_id": source["id"],
            "harvest_source_title": "Portal Data Aceh"}
    # the province's organisations are made here, under their names
    for org in ("dinkes-aceh", "bappeda-aceh"):
        assert helpers.call_action("organization_show", id=org)[
            "title"] == PROVINSI[org]
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("organization_show", id="bps-aceh")
    # the remote theme is matched to ours by name
    assert [g["name"] for g in _local(DIPANEN[0])["groups"]] == ["kesehatan"]
    assert _local(DIPANEN[1])["groups"] == []

    # a second harvest of an unchanged catalogue changes nothing
    modified = {n: _local(n)["metadata_modified"] for n in DIPANEN}
    assert set(_pull(source).values()) <= {"not modified"}
    assert {n: _local(n)["metadata_modified"] for n in DIPANEN} == modified
    assert _local_datasets() == DIPANEN

    # a change upstream arrives, and only that one (the harvester asks for
    # what changed since an hour before its last job)
    peer.action("package_patch", id="realisasi-apba-2016",
                title="Realisasi APBA 2016 (audited)")
    assert _pull(source) == {provinsi[DIPANEN[0]]["id"]: "not modified",
                             provinsi[DIPANEN[1]]["id"]: "updated"}
    assert _local("realisasi-apba-2016")["title"] == \
        "Realisasi APBA 2016 (audited)"
    assert _local(DIPANEN[0])["metadata_modified"] == modified[DIPANEN[0]]


def test_pull_without_organisation_mapping_files_under_the_source_skpk(
        peer, provinsi):
    source = _pull_source({"url": peer.url,
                           "organizations_filter_exclude": ["bps-aceh"]})

    _pull(source)

    assert _local_datasets() == DIPANEN
    for name in DIPANEN:
        local = _local(name)
        assert local["organization"]["name"] == "diskominfotik"
        assert {**_view(local), "organization": None} == {
            **_view(provinsi[name]), "organization": None}
        # remote groups are dropped unless the source asks for them
        assert local["groups"] == []
    for org in PROVINSI:
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("organization_show", id=org)


# Push: a stock CKAN harvests the portal -------------------------------------

@pytest.fixture
def katalog_kota():
    """The city's catalogue: two SKPK, a theme, public datasets, one
    private dataset and an app of the registry."""
    dinkes = factories.Organization(
        name="dinkes", title="Dinas Kesehatan",
        extras=[{"key": "jenis", "value": "dinas"}])
    disdukcapil = factories.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil")
    factories.Group(name="kependudukan", title="Kependudukan")
    datasets = [
        factories.Dataset(
            name="kasus-dbd-2016", title="Kasus DBD per Kecamatan 2016",
            notes="Kasus demam berdarah dengue per kecamatan.",
            owner_org=dinkes["id"], license_id="cc-by",
            tags=[{"name": "kesehatan"}, {"name": "dbd"}],
            extras=[{"key": "frekuensi_pembaruan", "value": "bulanan"}],
            resources=[{"name": "Kasus DBD 2016", "format": "CSV",
                        "url": "https://data.bandaacehkota.go.id/dbd.csv"}]),
        factories.Dataset(
            name="penduduk-per-gampong-2016",
            title="Penduduk per Gampong 2016",
            notes="Jumlah penduduk di 90 gampong.",
            owner_org=disdukcapil["id"], license_id="cc-by",
            groups=[{"name": "kependudukan"}],
            tags=[{"name": "kependudukan"}, {"name": "gampong"}],
            resources=[
                {"name": "Penduduk 2016", "format": "CSV",
                 "url": "https://data.bandaacehkota.go.id/penduduk.csv"},
                {"name": "Penduduk 2016 (JSON)", "format": "JSON",
                 "url": "https://data.bandaacehkota.go.id/penduduk.json"}]),
    ]
    factories.Dataset(name="draf-internal", owner_org=dinkes["id"],
                      private=True)
    aplikasi = factories.Dataset(
        type="aplikasi", name="si-puskesmas",
        title="Sistem Informasi Puskesmas", owner_org=dinkes["id"],
        kategori="layanan_publik", platform=["web"],
        urls=["https://puskesmas.bandaacehkota.go.id"],
        jenis_api="tidak_ada", terhubung_mantra="tidak",
        terhubung_open_data="tidak")
    return {d["name"]: d for d in datasets + [aplikasi]}


def _push(peer) -> dict:
    """Run the peer's harvest of our portal; the job's counts."""
    # ckanext-harvest 1.6.3 re-indexes a source after each job with its
    # unvalidated dict as the "validated" one, which CKAN 2.12's
    # package_show then serves without `source_type`, and `run-test` fails
    # on it: index the source properly first, as `ckan search-index` does.
    peer.cli("search-index", "rebuild", "odba")
    peer.cli("harvester", "run-test", "odba")
    job = peer.action("harvest_source_show", id="odba")["status"]["last_job"]
    assert job["status"] == "Finished", job
    assert not job["stats"].get("errored"), peer.action(
        "harvest_job_report", id=job["id"])
    return job["stats"]


def _peer_datasets(peer) -> dict:
    found = peer.action("package_search", q="*:*", rows=100,
                        fq="-dataset_type:harvest", include_private=True)
    return {d["name"]: d for d in found["results"]}


def test_a_stock_ckan_harvests_the_portal(live_server, peer, katalog_kota):
    owner = peer.action("organization_create", name="mirror-kota",
                        title="Cermin Portal Kota")
    peer.action("harvest_source_create", name="odba",
                title="Open Data Banda Aceh", url=live_server,
                source_type="ckan", owner_org=owner["id"],
                frequency="MANUAL", config=json.dumps(
                    {"remote_orgs": "create", "remote_groups": "create"}))

    stats = _push(peer)

    assert stats["added"] == len(katalog_kota)
    mirrored = _peer_datasets(peer)
    assert sorted(mirrored) == sorted(katalog_kota)  # not the private one
    for name, ours in katalog_kota.items():
        theirs = peer.action("package_show", id=name)
        assert theirs["id"] == ours["id"]
        assert theirs["type"] == ours["type"]
        assert _view(theirs) == _view(_local(name))
        assert _extras(theirs) == _extras(_local(name))
    # the SKPK and the theme are made on the peer, with their titles
    for name in ("dinkes", "disdukcapil"):
        assert peer.action("organization_show", id=name)["title"] == \
            helpers.call_action("organization_show", id=name)["title"]
    assert [g["name"] for g in peer.action(
        "package_show", id="penduduk-per-gampong-2016")["groups"]] == \
        ["kependudukan"]
    # the app's own fields travel with it
    app = peer.action("package_show", id="si-puskesmas")
    assert (app["kategori"], app["platform"], app["urls"]) == (
        "layanan_publik", ["web"], ["https://puskesmas.bandaacehkota.go.id"])

    # a second harvest changes nothing
    modified = {n: d["metadata_modified"] for n, d in mirrored.items()}
    stats = _push(peer)
    assert stats["added"] == stats["updated"] == 0
    assert {n: d["metadata_modified"]
            for n, d in _peer_datasets(peer).items()} == modified

    # an edit on the portal reaches the peer, found by our search engine's
    # answer to the harvester's "modified since" query
    helpers.call_action("package_patch", id="kasus-dbd-2016",
                        notes="Data dikoreksi Dinas Kesehatan.")
    stats = _push(peer)
    assert (stats["added"], stats["updated"]) == (0, 1)
    assert peer.action("package_show", id="kasus-dbd-2016")["notes"] == \
        "Data dikoreksi Dinas Kesehatan."
