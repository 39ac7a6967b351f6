"""Demo content: themes and datasets with uploaded CSV files."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil

import pytest

from ckan.cli.cli import ckan as ckan_command
from ckan.lib.uploader import get_resource_uploader
from ckan.tests import helpers

from ckanext.bandaaceh import demo, skpk

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


@pytest.fixture
def storage(ckan_config, monkeypatch, tmp_path):
    """Uploads go to a fresh folder for each test."""
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    return tmp_path


def _load_all(demo_dir=demo.DEMO_DIR):
    skpk.load_skpk()
    demo.load_groups()
    return demo.load_datasets(demo_dir)


def _stored_bytes(resource):
    path = get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "rb") as f:
        return f.read()


# The data files -------------------------------------------------------------

def test_demo_has_at_least_a_dozen_valid_datasets():
    datasets = demo.read_datasets()
    assert len(datasets) >= 12
    assert len({ds.nama for ds in datasets}) == len(datasets)
    owners = {ds.skpk for ds in datasets}
    assert len(owners) >= 10
    for ds in datasets:
        assert ds.tag and ds.grup and ds.berkas, ds.nama


def test_every_demo_csv_is_rectangular_utf8_with_a_header():
    for ds in demo.read_datasets():
        for berkas in ds.berkas:
            rows = list(csv.reader(io.StringIO(berkas.content().decode())))
            assert len(rows) >= 2, berkas.path
            widths = {len(row) for row in rows}
            assert widths == {len(rows[0])}, berkas.path


def test_groups_file_lists_the_themes():
    names = {g["name"] for g in demo.read_groups()}
    assert {"kependudukan", "kesehatan", "pendidikan", "keuangan",
            "infrastruktur", "sosial", "ekonomi"} <= names


# Loading --------------------------------------------------------------------

def test_load_creates_datasets_with_uploaded_resources(storage):
    report = _load_all()
    datasets = demo.read_datasets()
    assert sorted(report.created) == sorted(ds.nama for ds in datasets)

    for ds in datasets:
        pkg = helpers.call_action("package_show", id=ds.nama)
        assert pkg["title"] == ds.judul
        assert pkg["organization"]["name"] == ds.skpk
        assert {g["name"] for g in pkg["groups"]} == set(ds.grup)
        assert {t["name"] for t in pkg["tags"]} == set(ds.tag)
        extras = {e["key"]: e["value"] for e in pkg["extras"]}
        assert extras["frekuensi_pembaruan"] == ds.frekuensi_pembaruan
        assert [r["name"] for r in pkg["resources"]] == [
            b.judul for b in ds.berkas]
        for resource, berkas in zip(pkg["resources"], ds.berkas):
            assert resource["url_type"] == "upload"
            assert resource["format"] == "CSV"
            assert resource["url"].endswith(os.path.basename(berkas.path))
            assert resource["hash"] == hashlib.sha256(berkas.content()).hexdigest()
            assert _stored_bytes(resource) == berkas.content()
    assert any(storage.iterdir())


def test_loading_twice_changes_nothing(storage):
    _load_all()
    before = {ds["name"]: ds["metadata_modified"] for ds in
              helpers.call_action("package_search", rows=100)["results"]}

    report = _load_all()

    assert not report.created and not report.updated
    assert len(report.unchanged) == len(before)
    after = {ds["name"]: ds["metadata_modified"] for ds in
             helpers.call_action("package_search", rows=100)["results"]}
    assert after == before


def test_demo_datasets_are_found_by_organization_and_faceted_by_tag(storage):
    _load_all()

    result = helpers.call_action(
        "package_search", fq="organization:dinkes",
        **{"facet.field": ["tags"]})
    assert {r["name"] for r in result["results"]} == {
        "puskesmas", "kasus-demam-berdarah"}
    assert result["search_facets"]["tags"]["items"]
    tags = result["facets"]["tags"]
    assert tags["puskesmas"] == 1 and tags["dbd"] == 1

    result = helpers.call_action("package_search", fq="groups:kesehatan")
    assert result["count"] == 3

    result = helpers.call_action("package_search", q="zakat")
    assert [r["name"] for r in result["results"]] == ["zakat-baitul-mal"]


def test_an_edited_csv_is_uploaded_again_into_the_same_resource(
        storage, tmp_path_factory):
    demo_dir = tmp_path_factory.mktemp("demo")
    shutil.copytree(os.path.join(demo.DEMO_DIR, "kejadian-kebakaran"),
                    demo_dir / "kejadian-kebakaran")
    _load_all(str(demo_dir))
    before = helpers.call_action(
        "package_show", id="kejadian-kebakaran")["resources"][0]

    csv_path = demo_dir / "kejadian-kebakaran" / "kebakaran-2023.csv"
    edited = csv_path.read_bytes().replace(b"Desember,3,1", b"Desember,4,1")
    assert edited != csv_path.read_bytes()
    csv_path.write_bytes(edited)
    report = demo.load_datasets(str(demo_dir))

    assert report.updated == ["kejadian-kebakaran"]
    after = helpers.call_action(
        "package_show", id="kejadian-kebakaran")["resources"][0]
    assert after["id"] == before["id"]
    assert after["hash"] == hashlib.sha256(edited).hexdigest()
    assert _stored_bytes(after) == edited


def test_changed_metadata_is_updated_and_manual_resources_kept(
        storage, tmp_path_factory):
    demo_dir = tmp_path_factory.mktemp("demo")
    shutil.copytree(os.path.join(demo.DEMO_DIR, "volume-sampah"),
                    demo_dir / "volume-sampah")
    _load_all(str(demo_dir))
    helpers.call_action("resource_create", package_id="volume-sampah",
                        name="Peta TPA", url="https://example.com/tpa.geojson")

    meta = demo_dir / "volume-sampah" / "dataset.yaml"
    meta.write_text(meta.read_text().replace(
        "frekuensi_pembaruan: bulanan", "frekuensi_pembaruan: triwulanan"))
    report = demo.load_datasets(str(demo_dir))

    assert report.updated == ["volume-sampah"]
    pkg = helpers.call_action("package_show", id="volume-sampah")
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    assert extras["frekuensi_pembaruan"] == "triwulanan"
    assert [r["name"] for r in pkg["resources"]] == [
        "Sampah Terangkut 2023", "Peta TPA"]


def test_cli_load_demo_loads_skpk_groups_and_datasets(cli, storage):
    result = cli.invoke(ckan_command, ["bandaaceh", "load-demo"])
    assert result.exit_code == 0, result.output
    assert "SKPK organisations: 46 in the data files, 46 created" in result.output
    assert "Groups:" in result.output
    assert "zakat-baitul-mal" in result.output.split("Demo datasets")[1]
    # the app registry follows (its content: tests/aplikasi/test_impor.py)
    assert ("Aplikasi (registri-layanan-2017.csv): 165 rows, 165 created, "
            "0 updated, 0 unchanged, 0 with errors") in result.output
    # and is published as an open dataset
    assert "Published registry: 1 in the data files, 0 created, 1 updated" \
        in result.output
    published = helpers.call_action("package_show", id="registri-aplikasi")
    assert published["organization"]["name"] == "diskominfotik"
    assert len(published["resources"]) == 2

    result = cli.invoke(ckan_command, ["bandaaceh", "load-demo"])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated" in result.output
    assert "updated:" not in result.output
