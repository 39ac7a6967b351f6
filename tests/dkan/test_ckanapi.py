"""``ckanapi`` as a real client of the portal: datasets dumped over HTTP
from a live test server, purged, and loaded back round-trip."""
from __future__ import annotations

import json


from ckan.tests import factories, helpers

from tests.ckanapi_cli import ckanapi
from tests.marks import portal

pytestmark = portal("bandaaceh scheming_datasets")

NAMES = ["penduduk-per-kecamatan-2016", "kasus-dbd-2016", "realisasi-apbk"]
# what must survive the round-trip (ids and timestamps are new)
KEPT = ("name", "title", "notes", "license_id", "url")


def _view(dataset: dict) -> dict:
    return {
        **{k: dataset.get(k) for k in KEPT},
        "organization": dataset["organization"]["name"],
        "groups": sorted(g["name"] for g in dataset["groups"]),
        "tags": sorted(t["name"] for t in dataset["tags"]),
        "extras": sorted((e["key"], e["value"]) for e in dataset["extras"]),
        "resources": [(r["name"], r["url"], r["format"])
                      for r in dataset["resources"]],
    }


def test_ckanapi_dump_and_load_round_trip(live_server, tmp_path):  # noqa
    admin = factories.Sysadmin()
    token = factories.APIToken(user=admin["name"])["token"]
    org = factories.Organization(name="disdukcapil")
    group = factories.Group(name="kependudukan")
    for i, name in enumerate(NAMES):
        factories.Dataset(
            name=name, title=f"Dataset {name}", notes=f"Catatan *{i}*",
            owner_org=org["id"], groups=[{"name": group["name"]}],
            license_id="cc-by", tags=[{"name": "banda aceh"},
                                      {"name": f"t{i}"}],
            extras=[{"key": "frekuensi_pembaruan", "value": "tahunan"}],
            resources=[{"name": f"Berkas {i}", "format": "CSV",
                        "url": f"https://data.contoh.id/{name}.csv"}])
    factories.Dataset(name="tidak-ikut", owner_org=org["id"])
    before = {n: _view(helpers.call_action("package_show", id=n))
              for n in NAMES}
    dump = tmp_path / "datasets.jsonl"

    ckanapi("dump", "datasets", *NAMES, "-O", str(dump),
            "-r", live_server, "-a", token)
    lines = [json.loads(line) for line in dump.read_text().splitlines()]
    assert sorted(d["name"] for d in lines) == sorted(NAMES)

    for name in NAMES:
        helpers.call_action("dataset_purge", {"user": admin["name"]},
                            id=name)
    remaining = helpers.call_action("package_list")
    assert remaining == ["tidak-ikut"]

    ckanapi("load", "datasets", "-I", str(dump),
            "-r", live_server, "-a", token)

    after = {n: _view(helpers.call_action("package_show", id=n))
             for n in NAMES}
    assert after == before
    assert sorted(helpers.call_action("package_list")) == sorted(
        NAMES + ["tidak-ikut"])
