"""The DKAN harvester end to end: ckanext-harvest's stages against a real
local web server serving recorded DKAN payloads."""
from __future__ import annotations

import csv
import io
import json
import os

import pytest

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.harvest.model import HarvestSource
from ckanext.harvest.tests.factories import HarvestJobObj
from ckanext.harvest.tests.lib import run_harvest_job

from ckanext.bandaaceh_harvest.dkan import cli as dkan_cli

from tests.httpserver import Route
from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets activity harvest bandaaceh_dkan") + [
    pytest.mark.ckan_config(
        "ckanext.bandaaceh_harvest.fetch.allowed_addresses", "127.0.0.1"),
    pytest.mark.usefixtures("clean_queues", "fresh_fetcher"),
]

PAYLOADS = os.path.join(os.path.dirname(__file__), "payloads")
JSON_TYPE = "application/json"
SKPK = ("disdukcapil", "dinkes", "bappeda", "dishub", "disdikbud",
        "diskominfotik")
GRUP = ("kependudukan", "kesehatan", "keuangan", "ekonomi",
        "infrastruktur", "pendidikan")
IDS = {
    "penduduk": "7b1e4c52-3a0f-4d8e-9b61-2f5c8a7d0e11",
    "dbd": "c3f0a9d4-5b27-4e1a-8f3c-6d9e2b4a7c20",
    "apbk": "0e5d2b18-94c6-4f7a-a1d3-8b7f6e5c4d39",
    "pasar": "5a8c7e63-2d41-4b90-b6f2-9e1a3c5d7f48",
    "trayek": "9d2f4b71-6e38-4a05-8c19-3b7e5a2d6f57",
    "sekolah": "e4b6d8f2-1c3a-4e5b-9d7f-0a2c4e6b8d61",
}


def payload(name: str) -> bytes:
    with open(os.path.join(PAYLOADS, name), "rb") as f:
        return f.read()


def catalogue() -> dict:
    return json.loads(payload("data.json"))


def serve(server, data: dict) -> None:
    server.routes["/data.json"] = Route(json.dumps(data).encode(),
                                       content_type=JSON_TYPE)


@pytest.fixture
def portal_orgs():
    for code in SKPK:
        factories.Organization(name=code, title=code.upper())
    for name in GRUP:
        factories.Group(name=name, title=name.title())


def make_source(server, config: dict | None = None, name="dkan-2016"):
    return tk.get_action("harvest_source_create")(
        {"user": factories.Sysadmin()["name"]},
        {"name": name, "title": "Portal DKAN Kota Banda Aceh 2016",
         "url": server.base, "source_type": "bandaaceh_dkan",
         "frequency": "MANUAL", "config": json.dumps(config or {})})


@pytest.fixture
def sumber(feed_server, portal_orgs):
    serve(feed_server, catalogue())
    return make_source(feed_server)


def harvest(source):
    job = HarvestJobObj(source=HarvestSource.get(source["id"]))
    results = run_harvest_job(job, p.get_plugin("bandaaceh_dkan"))
    report = tk.get_action("harvest_job_report")(
        {"ignore_auth": True}, {"id": job.id})
    object_errors = sorted(
        (o["guid"], e["message"]) for o in report["object_errors"].values()
        for e in o["errors"])
    return results, [e["message"] for e in report["gather_errors"]], \
        object_errors


def dataset(name):
    return helpers.call_action("package_show", id=name)


def extras(pkg):
    return {e["key"]: e["value"] for e in pkg["extras"]}


def activity_count(pkg):
    return len(helpers.call_action("package_activity_list", id=pkg["id"],
                                   limit=100))


def all_datasets():
    return {d["name"]: d for d in helpers.call_action(
        "package_search", q="*:*", rows=100)["results"]}




def test_the_plugin_registers_its_commands():
    assert dkan_cli.bandaaceh_dkan in p.get_plugin(
        "bandaaceh_dkan").get_commands()


def test_first_harvest_creates_the_mapped_datasets(sumber):
    results, gather_errors, _ = harvest(sumber)

    assert gather_errors == []
    assert {r["state"] for r in results.values()} == {"COMPLETE"}
    assert set(results) == set(IDS.values())

    penduduk = dataset("jumlah-penduduk-per-kecamatan")
    assert penduduk["title"] == "Jumlah Penduduk per Kecamatan"
    assert penduduk["notes"] == (
        "Jumlah penduduk Kota Banda Aceh per kecamatan menurut jenis "
        "kelamin, keadaan semester II tahun 2016.\n\nSumber: SIAK "
        "Disdukcapil.")
    assert penduduk["organization"]["name"] == "disdukcapil"
    assert [g["name"] for g in penduduk["groups"]] == ["kependudukan"]
    assert sorted(t["name"] for t in penduduk["tags"]) == [
        "Demografi 2016", "kecamatan", "penduduk"]
    assert penduduk["license_id"] == "cc-by"
    assert extras(penduduk)["frekuensi_pembaruan"] == "semesteran"
    assert extras(penduduk)["dkan_modified"] == "2016-12-28"
    assert [(r["name"], r["format"], r["url"])
            for r in penduduk["resources"]] == [
        ("Penduduk per Kecamatan Semester II 2016", "CSV",
         "https://data.bandaacehkota.go.id/sites/default/files/"
         "penduduk-kecamatan-2016-s2.csv"),
        ("Penduduk per Kecamatan Semester II 2016 (Excel)", "XLSX",
         "https://data.bandaacehkota.go.id/sites/default/files/"
         "penduduk-kecamatan-2016-s2.xlsx")]

    assert dataset("kasus-demam-berdarah-dengue")["organization"][
        "name"] == "dinkes"
    apbk = dataset("realisasi-apbk-2016")
    assert apbk["organization"]["name"] == "bappeda"
    assert apbk["license_id"] == "odc-odbl"
    assert [g["name"] for g in apbk["groups"]] == ["keuangan"]
    assert apbk["resources"][0]["format"] == "XLS"
    pasar = dataset("harga-bahan-pokok-pasar")
    assert pasar["organization"]["name"] == "diskominfotik"  # fallback
    assert pasar["license_id"] == "notspecified"
    assert extras(pasar)["frekuensi_pembaruan"] == "mingguan"
    trayek = dataset("trayek-angkutan-kota")
    assert trayek["organization"]["name"] == "dishub"
    assert [g["name"] for g in trayek["groups"]] == ["infrastruktur"]
    assert "frekuensi_pembaruan" not in extras(trayek)
    assert [r["name"] for r in trayek["resources"]] == ["API Trayek"]
    sekolah = dataset("lokasi-sekolah")
    assert sekolah["organization"]["name"] == "disdikbud"
    assert sekolah["license_id"] == "cc-zero"
    assert extras(sekolah)["frekuensi_pembaruan"] == "tidak_tentu"


def test_the_report_lists_exactly_what_was_not_mapped(sumber, cli,
                                                     ckan_cli):
    _, _, object_errors = harvest(sumber)

    expected = sorted([
        (IDS["apbk"], "Tema tidak dikenal: \"Pembangunan\""),
        (IDS["pasar"], "Penerbit tidak dikenal: \"UPTD Pasar Kota Banda "
                       "Aceh\"; dataset dimasukkan ke organisasi "
                       "diskominfotik."),
        (IDS["pasar"], "Lisensi tidak dikenal: \"Lisensi Pemerintah Kota "
                       "Banda Aceh\"; dicatat sebagai lisensi tidak "
                       "disebutkan (notspecified)."),
        (IDS["trayek"], "Frekuensi pembaruan tidak dikenal: \"R/P2W\""),
        (IDS["trayek"], "Distribusi \"Peta Trayek (PDF)\" tidak mempunyai "
                        "downloadURL maupun accessURL; tidak dimuat."),
    ])
    assert object_errors == expected

    result = cli.invoke(ckan_cli, ["bandaaceh-dkan", "laporan", "dkan-2016"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted((r["identifier"], r["keterangan"]) for r in rows) == \
        expected
    assert sorted((r["dataset"], r["jenis"], r["nilai"]) for r in rows) == [
        ("harga-bahan-pokok-pasar", "lisensi",
         "Lisensi Pemerintah Kota Banda Aceh"),
        ("harga-bahan-pokok-pasar", "penerbit", "UPTD Pasar Kota Banda Aceh"),
        ("realisasi-apbk-2016", "tema", "Pembangunan"),
        ("trayek-angkutan-kota", "distribusi", "Peta Trayek (PDF)"),
        ("trayek-angkutan-kota", "frekuensi", "R/P2W"),
    ]
    unknown = cli.invoke(ckan_cli, ["bandaaceh-dkan", "laporan", "tidak-ada"])
    assert unknown.exit_code != 0
    assert "Sumber panen DKAN tidak ditemukan" in unknown.output


def test_second_harvest_of_the_same_payload_changes_nothing(sumber):
    harvest(sumber)
    before = all_datasets()
    activities = {n: activity_count(d) for n, d in before.items()}

    results, gather_errors, _ = harvest(sumber)

    assert gather_errors == []
    assert {r["report_status"] for r in results.values()} == {
        "not modified"}
    after = all_datasets()
    assert set(after) == set(before)
    for name, pkg in after.items():
        assert pkg["metadata_modified"] == before[name][
            "metadata_modified"], name
        assert activity_count(pkg) == activities[name], name


def test_an_upstream_change_updates_in_place(sumber, feed_server):
    harvest(sumber)
    first = dataset("kasus-demam-berdarah-dengue")
    data = catalogue()
    dbd = next(d for d in data["dataset"] if d["identifier"] == IDS["dbd"])
    dbd["title"] = "Kasus DBD per Puskesmas"
    dbd["keyword"] = ["kesehatan", "dbd"]
    dbd["accrualPeriodicity"] = "R/P1W"
    dbd["distribution"].append({
        "@type": "dcat:Distribution", "format": "csv",
        "downloadURL": "https://data.bandaacehkota.go.id/sites/default/"
                       "files/kasus-dbd-2017.csv",
        "title": "Kasus DBD 2017"})
    serve(feed_server, data)

    results, _, _ = harvest(sumber)

    assert results[IDS["dbd"]]["report_status"] == "updated"
    assert {r["report_status"] for g, r in results.items()
            if g != IDS["dbd"]} == {"not modified"}
    again = dataset(first["id"])
    assert again["name"] == first["name"]
    assert again["title"] == "Kasus DBD per Puskesmas"
    assert sorted(t["name"] for t in again["tags"]) == ["dbd", "kesehatan"]
    assert extras(again)["frekuensi_pembaruan"] == "mingguan"
    assert [r["name"] for r in again["resources"]] == [
        "Kasus DBD 2016", "Kasus DBD 2017"]
    # the first resource kept its id
    assert again["resources"][0]["id"] == first["resources"][0]["id"]
    assert len(all_datasets()) == 6


def test_a_dataset_gone_upstream_is_soft_deleted(sumber, feed_server):
    harvest(sumber)
    data = catalogue()
    data["dataset"] = [d for d in data["dataset"]
                       if d["identifier"] != IDS["sekolah"]]
    serve(feed_server, data)

    results, _, _ = harvest(sumber)

    assert results[IDS["sekolah"]]["report_status"] == "deleted"
    assert "lokasi-sekolah" not in all_datasets()
    assert model.Package.get("lokasi-sekolah").state == "deleted"

    serve(feed_server, catalogue())   # back upstream: back here
    harvest(sumber)
    assert dataset("lokasi-sekolah")["state"] == "active"


@pytest.mark.parametrize("route", [
    Route(b"<html><body><h1>Situs dalam pemeliharaan</h1></body></html>",
          content_type="text/html"),
    Route(payload("data.json")[:2000], content_type=JSON_TYPE),
    Route(b'{"dataset": []}', content_type=JSON_TYPE),
    Route(b"Internal Server Error", 500, "text/plain"),
], ids=["html", "terpotong", "kosong", "500"])
def test_a_broken_catalogue_is_a_job_error_and_loses_nothing(
        sumber, feed_server, route):
    harvest(sumber)
    before = all_datasets()
    feed_server.routes["/data.json"] = route

    results, gather_errors, _ = harvest(sumber)

    assert not results
    assert len(gather_errors) == 1
    assert gather_errors[0].startswith(("Katalog DKAN tidak terbaca",
                                        "6 dataset tidak ada lagi"))
    after = all_datasets()
    assert set(after) == set(before)
    assert all(after[n]["metadata_modified"] == before[n][
        "metadata_modified"] for n in after)


def test_the_ckan_api_of_dkan_gives_the_same_datasets(feed_server,
                                                      portal_orgs):
    api = "/api/3/action/"
    feed_server.routes[api + "package_list"] = Route(
        payload("package_list.json"), content_type=JSON_TYPE)
    for name in ("jumlah-penduduk-per-kecamatan",
                 "kasus-demam-berdarah-dengue"):
        feed_server.routes[f"{api}package_show?id={name}"] = Route(
            payload(f"package_show_{name}.json"), content_type=JSON_TYPE)
    source = make_source(feed_server, {"cara": "api"})

    results, gather_errors, object_errors = harvest(source)

    assert gather_errors == [] and object_errors == []
    assert set(results) == {IDS["penduduk"], IDS["dbd"]}
    penduduk = dataset("jumlah-penduduk-per-kecamatan")
    assert penduduk["organization"]["name"] == "disdukcapil"
    assert [g["name"] for g in penduduk["groups"]] == ["kependudukan"]
    assert penduduk["license_id"] == "cc-by"
    dbd = dataset("kasus-demam-berdarah-dengue")
    assert dbd["organization"]["name"] == "dinkes"
    assert extras(dbd)["frekuensi_pembaruan"] == "bulanan"
    assert [r["url"] for r in dbd["resources"]] == [
        "https://data.bandaacehkota.go.id/sites/default/files/"
        "kasus-dbd-2016.csv"]
    results, _, _ = harvest(source)
    assert {r["report_status"] for r in results.values()} == {
        "not modified"}


def test_small_files_are_uploaded_when_the_source_asks(feed_server,
                                                       portal_orgs):
    csv_body = b"bulan,kasus\n2016-01,12\n2016-02,9\n"
    feed_server.routes["/files/kasus-dbd-2016.csv"] = Route(
        csv_body, content_type="text/csv")
    feed_server.routes["/files/besar.csv"] = Route(
        b"x" * 2048, content_type="text/csv")
    data = catalogue()
    dbd = next(d for d in data["dataset"] if d["identifier"] == IDS["dbd"])
    dbd["distribution"] = [
        {"downloadURL": feed_server.url("/files/kasus-dbd-2016.csv"),
         "format": "csv", "title": "Kasus DBD 2016"},
        {"downloadURL": feed_server.url("/files/besar.csv"),
         "format": "csv", "title": "Besar"}]
    data["dataset"] = [dbd]
    serve(feed_server, data)
    source = make_source(feed_server, {"unggah_ulang": True})

    with helpers.changed_config(
            "ckanext.bandaaceh_harvest.dkan.max_upload_bytes", 1024):
        _, _, object_errors = harvest(source)
        first = dataset("kasus-demam-berdarah-dengue")
        results, _, _ = harvest(source)

    assert [m for _, m in object_errors] == [
        "Berkas \"Besar\" lebih dari 1024 bait, tetap tautan."]
    small, big = first["resources"]
    assert small["url_type"] == "upload"
    assert small["url"].endswith("/kasus-dbd-2016.csv")
    assert big["url_type"] in (None, "")
    assert big["url"] == feed_server.url("/files/besar.csv")
    assert results[IDS["dbd"]]["report_status"] == "not modified"
    assert dataset(first["id"])["metadata_modified"] == first[
        "metadata_modified"]


def test_a_bad_source_config_is_refused_in_indonesian():
    with pytest.raises(tk.ValidationError) as raised:
        tk.get_action("harvest_source_create")(
            {"user": factories.Sysadmin()["name"]},
            {"name": "dkan-x", "title": "DKAN X",
             "url": "https://data.contoh.id/", "source_type": "bandaaceh_dkan",
             "config": json.dumps({"cara": "ftp"})})
    assert "harus salah satu dari" in str(raised.value.error_dict)
