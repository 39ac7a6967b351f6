"""The demo registers load through the CLI, publish, and leak nothing."""
from __future__ import annotations

import csv

import pytest

from ckan.lib.uploader import get_resource_uploader
from ckan.tests import helpers

from ckanext.bandaaceh import skpk
from ckanext.bandaaceh_harvest.ppid import cli as ppid_cli
from ckanext.bandaaceh_harvest.ppid import demo

from tests.marks import portal

pytestmark = portal("bandaaceh scheming_datasets harvest bandaaceh_ppid")


def _demo_column(name):
    path = f"{demo.DEMO_DIR}/register-permohonan-banda-aceh.csv"
    with open(path, encoding="utf-8") as f:
        return [row[name] for row in csv.DictReader(f, delimiter=";")]




def test_the_plugin_registers_its_commands():
    import ckan.plugins as p
    assert ppid_cli.bandaaceh_ppid in p.get_plugin(
        "bandaaceh_ppid").get_commands()


def test_load_demo_publishes_two_years_and_is_idempotent(cli, ckan_cli):
    skpk.load_skpk()
    result = cli.invoke(ckan_cli, ["bandaaceh-ppid", "load-demo"])
    assert result.exit_code == 0, result.output
    assert ("PPID register datasets (demo): 4 in the data files, "
            "0 created, 4 updated") in result.output
    assert "Register Permohonan Informasi Publik: 410 baru" in result.output

    names = {"register-permohonan-banda-aceh-2016",
             "register-permohonan-banda-aceh-2017",
             "register-keberatan-banda-aceh-2016",
             "register-keberatan-banda-aceh-2017"}
    published = []
    for name in names:
        dataset = helpers.call_action("package_show", id=name)
        assert dataset["organization"]["name"] == "diskominfotik"
        resource = dataset["resources"][0]
        path = get_resource_uploader(resource).get_path(resource["id"])
        with open(path, encoding="utf-8") as f:
            published.append(f.read())
    text = "\n".join(published)
    # the demo export carries names, NIK, phones and e-mails: none leaks
    for column in ("Nama Pemohon", "NIK", "No. HP", "Email", "Alamat"):
        for value in _demo_column(column)[:60]:
            assert value not in text, (column, value)

    again = cli.invoke(ckan_cli, ["bandaaceh-ppid", "load-demo"])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 4 unchanged" in again.output
    assert "410 tetap" in again.output
