"""SKPK organisations: the data file and its idempotent loader."""
from __future__ import annotations

import pytest
import yaml

import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan as ckan_command
from ckan.tests import helpers

from ckanext.bandaaceh import skpk
from ckanext.bandaaceh.loading import LoaderError

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


def _extras(org):
    return {e["key"]: e["value"] for e in org["extras"]}


def _write_skpk(path, units, kinds=("dinas", "badan")):
    path.write_text(yaml.safe_dump({
        "jenis": {k: k.title() for k in kinds},
        "skpk": units,
    }))
    return str(path)


def test_data_file_lists_46_skpk_with_known_kinds_and_websites():
    units = skpk.read_skpk()
    assert len(units) == 46
    assert len({u.kode for u in units}) == 46
    assert sum(u.jenis == "kecamatan" for u in units) == 9
    assert all(u.website.startswith("https://") for u in units)
    by_code = {u.kode: u for u in units}
    assert by_code["diskominfotik"].nama == (
        "Dinas Komunikasi, Informatika dan Statistik")
    assert by_code["bappeda"].jenis == "badan"


def test_loading_twice_creates_each_organization_once_with_extras():
    first = skpk.load_skpk()
    assert len(first.created) == 46
    assert not first.updated and not first.unchanged

    second = skpk.load_skpk()
    assert not second.created and not second.updated
    assert len(second.unchanged) == 46
    assert not second.changed

    assert len(helpers.call_action("organization_list")) == 46
    org = helpers.call_action("organization_show", id="diskominfotik")
    assert org["title"] == "Dinas Komunikasi, Informatika dan Statistik"
    assert _extras(org) == {
        "jenis": "dinas",
        "website": "https://diskominfotik.bandaacehkota.go.id",
    }
    rsu = helpers.call_action("organization_show", id="rsud-meuraxa")
    assert _extras(rsu)["jenis"] == "rsu"


def test_reload_updates_a_changed_unit_and_keeps_extras_added_by_hand(
        tmp_path):
    unit = {"kode": "dinkes", "nama": "Dinas Kesehatan", "jenis": "dinas",
            "website": "https://dinkes.bandaacehkota.go.id"}
    path = _write_skpk(tmp_path / "skpk.yaml", [unit])
    skpk.load_skpk(path)
    helpers.call_action("organization_patch", id="dinkes", extras=[
        {"key": "jenis", "value": "dinas"},
        {"key": "website", "value": "https://dinkes.bandaacehkota.go.id"},
        {"key": "ppid", "value": "https://ppid.bandaacehkota.go.id"},
    ])

    unit["website"] = "https://dinkes.example.go.id"
    path = _write_skpk(tmp_path / "skpk.yaml", [unit])
    report = skpk.load_skpk(path)

    assert report.updated == ["dinkes"]
    extras = _extras(helpers.call_action("organization_show", id="dinkes"))
    assert extras["website"] == "https://dinkes.example.go.id"
    assert extras["ppid"] == "https://ppid.bandaacehkota.go.id"


def test_reload_restores_a_deleted_organization(tmp_path):
    unit = {"kode": "bappeda", "nama": "Badan Perencanaan Pembangunan Daerah",
            "jenis": "badan", "website": "https://bappeda.bandaacehkota.go.id"}
    path = _write_skpk(tmp_path / "skpk.yaml", [unit])
    skpk.load_skpk(path)
    helpers.call_action("organization_delete", id="bappeda")

    report = skpk.load_skpk(path)

    assert report.updated == ["bappeda"]
    org = helpers.call_action("organization_show", id="bappeda")
    assert org["state"] == "active"


@pytest.mark.parametrize("units, message", [
    ([{"kode": "x1", "nama": "X", "jenis": "satuan", "website": "https://x"}],
     "jenis 'satuan' is not one of badan, dinas"),
    ([{"kode": "x1", "nama": "X", "jenis": "dinas", "website": "https://x"}] * 2,
     "kode 'x1' is listed twice"),
    ([{"kode": "x1", "nama": "X", "jenis": "dinas"}],
     "must have exactly the keys kode, nama, jenis, website"),
    ([], "lists no SKPK"),
])
def test_bad_data_files_are_refused_with_a_clear_message(
        tmp_path, units, message):
    path = _write_skpk(tmp_path / "skpk.yaml", units)
    with pytest.raises(LoaderError, match=message):
        skpk.load_skpk(path)
    assert helpers.call_action("organization_list") == []


def test_cli_load_skpk_creates_then_reports_unchanged(cli):
    result = cli.invoke(ckan_command, ["bandaaceh", "load-skpk"])
    assert result.exit_code == 0, result.output
    assert "46 created" in result.output
    assert "diskominfotik" in result.output.split("created:")[1]

    result = cli.invoke(ckan_command, ["bandaaceh", "load-skpk"])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 46 unchanged" in result.output

    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("organization_show", id="not-an-skpk")
