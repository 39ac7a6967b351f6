"""The DKAN mapping as pure functions."""
from __future__ import annotations

import json
import os

import pytest

from ckanext.bandaaceh_harvest.dkan import katalog, pemetaan

PAYLOADS = os.path.join(os.path.dirname(__file__), "payloads")


def _payload(name):
    with open(os.path.join(PAYLOADS, name), encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture
def records():
    return {r["title"]: r for r in _payload("data.json")["dataset"]}


@pytest.mark.parametrize("value, code", [
    ("R/P1D", "harian"), ("R/P1W", "mingguan"), ("R/P1M", "bulanan"),
    ("R/P3M", "triwulanan"), ("R/P6M", "semesteran"), ("R/P1Y", "tahunan"),
    ("irregular", "tidak_tentu"), ("r/p1y", "tahunan")])
def test_iso_periodicity_becomes_our_frequency(records, value, code):
    record = dict(records["Lokasi Sekolah"], accrualPeriodicity=value)
    hasil = pemetaan.petakan(record, pemetaan.pemetaan())
    assert hasil.extras["frekuensi_pembaruan"] == code


@pytest.mark.parametrize("value, license_id", [
    ("http://opendefinition.org/licenses/cc-by/", "cc-by"),
    ("https://www.opendefinition.org/licenses/cc-by", "cc-by"),
    ("http://creativecommons.org/licenses/by/4.0", "cc-by"),
    ("http://opendatacommons.org/licenses/odbl/", "odc-odbl"),
    ("odc-odbl", "odc-odbl"), ("", "notspecified")])
def test_license_urls_become_ckan_license_ids(records, value, license_id):
    record = dict(records["Lokasi Sekolah"], license=value)
    hasil = pemetaan.petakan(record, pemetaan.pemetaan())
    assert hasil.dataset["license_id"] == license_id
    assert not [m for m in hasil.masalah if m.jenis == "lisensi"]


def test_publisher_names_match_without_the_city_name(records):
    peta = pemetaan.pemetaan()
    for name, code in [("Dinas Kesehatan Kota Banda Aceh", "dinkes"),
                       ("BAPPEDA", "bappeda"), ("Bappeda Kota Banda Aceh",
                                                "bappeda"),
                       ("Dinas Kependudukan dan Pencatatan Sipil",
                        "disdukcapil")]:
        record = dict(records["Lokasi Sekolah"], publisher={"name": name})
        assert pemetaan.petakan(record, peta).skpk == code, name


def test_html_description_keywords_and_name(records):
    hasil = pemetaan.petakan(records["Kasus Demam Berdarah Dengue (DBD)"],
                             pemetaan.pemetaan())
    assert hasil.dataset["name"] == "kasus-demam-berdarah-dengue"
    assert hasil.dataset["notes"] == (
        "Kasus demam berdarah dengue (DBD) per bulan dan per puskesmas di "
        "Kota Banda Aceh.\n\nKasus\nKematian")
    assert [t["name"] for t in hasil.dataset["tags"]] == [
        "kesehatan", "DBD Demam Berdarah", "puskesmas"]


def test_unmapped_things_are_listed(records):
    hasil = pemetaan.petakan(records["Trayek Angkutan Kota"],
                             pemetaan.pemetaan())
    assert [(m.jenis, m.nilai) for m in hasil.masalah] == [
        ("frekuensi", "R/P2W"), ("distribusi", "Peta Trayek (PDF)")]
    assert [r["url"] for r in hasil.sumber_daya] == [
        "https://data.bandaacehkota.go.id/api/action/datastore/search.json"
        "?resource_id=4c1f6a2e"]
    assert hasil.sumber_daya[0]["format"] == "API"


def test_package_show_becomes_the_data_json_record(records):
    package = _payload(
        "package_show_jumlah-penduduk-per-kecamatan.json")["result"][0]
    record = katalog.dari_package_show(package)
    from_api = pemetaan.petakan(record, pemetaan.pemetaan())
    from_pod = pemetaan.petakan(records["Jumlah Penduduk per Kecamatan"],
                                pemetaan.pemetaan())
    assert from_api.skpk == from_pod.skpk == "disdukcapil"
    assert from_api.grup == from_pod.grup == ["kependudukan"]
    assert from_api.dataset["license_id"] == "cc-by"
    assert from_api.dataset["notes"] == from_pod.dataset["notes"]
    assert from_api.dataset["name"] == from_pod.dataset["name"]


def test_the_mapping_targets_exist_in_the_portal_data():
    """Every SKPK code and theme of the mapping file is one of ours."""
    from ckanext.bandaaceh.loading import data_path, read_yaml
    data = read_yaml(pemetaan.PEMETAAN_FILE)
    skpk = {s["kode"] for s in read_yaml(data_path("skpk.yaml"))["skpk"]}
    grup = {g["nama"] for g in read_yaml(data_path("groups.yaml"))["grup"]}
    frekuensi = set(read_yaml(data_path("frekuensi.yaml"))["frekuensi"])
    assert set(data["penerbit"]) <= skpk
    assert set(data["tema"]) <= grup
    assert set(data["frekuensi"]) == frekuensi


def test_the_dkan_options_are_documented_in_the_readme():
    import yaml
    root = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read().splitlines()
    with open(os.path.join(os.path.dirname(katalog.__file__),
                           "config_declaration.yaml"), encoding="utf-8") as f:
        declaration = yaml.safe_load(f)
    for group in declaration["groups"]:
        for option in group["options"]:
            row = next(line for line in readme
                       if line.startswith(f"| `{option['key']}` |"))
            assert f"`{option['default']}`" in row
