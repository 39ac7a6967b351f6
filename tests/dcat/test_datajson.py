"""``/data.json``: a Project Open Data 1.1 catalogue of the datasets."""
from __future__ import annotations

import json
import os
import re

from tests.dcat.conftest import katalog_marks

pytestmark = katalog_marks()

SCHEMA = os.path.join(os.path.dirname(__file__), "pod-1.1.json")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?"
                      r"(Z|[+-]\d{2}:\d{2})?)?$")
ISO_PERIOD = re.compile(r"^R/P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
MEDIA_TYPE = re.compile(r"^[-\w]+/[-\w.+]+$")


def _pod():
    with open(SCHEMA, encoding="utf-8") as f:
        return json.load(f)


def pod_errors(catalog):
    """Where ``catalog`` breaks the POD 1.1 rules listed in pod-1.1.json."""
    rules = _pod()
    errors = [f"catalog: missing {k}" for k in rules["catalog_required"]
              if k not in catalog]
    if catalog.get("conformsTo") != rules["conformsTo"]:
        errors.append("catalog: conformsTo")
    for i, d in enumerate(catalog.get("dataset") or []):
        where = f"dataset {i} ({d.get('identifier')})"
        errors += [f"{where}: missing {k}" for k in rules["dataset_required"]
                   if d.get(k) in (None, "", [])]
        if d.get("accessLevel") not in rules["accessLevel"]:
            errors.append(f"{where}: accessLevel")
        if not (isinstance(d.get("keyword"), list)
                and all(isinstance(k, str) and k for k in d["keyword"])):
            errors.append(f"{where}: keyword")
        for key in ("modified", "issued"):
            if key in d and not ISO_DATE.match(d[key]):
                errors.append(f"{where}: {key} {d[key]!r}")
        period = d.get("accrualPeriodicity")
        if period and period != "irregular" and not ISO_PERIOD.match(period):
            errors.append(f"{where}: accrualPeriodicity {period!r}")
        contact = d.get("contactPoint") or {}
        if not (contact.get("fn") and
                str(contact.get("hasEmail", "")).startswith("mailto:")):
            errors.append(f"{where}: contactPoint")
        if not (d.get("publisher") or {}).get("name"):
            errors.append(f"{where}: publisher.name")
        for j, dist in enumerate(d.get("distribution") or []):
            if "downloadURL" in dist and not MEDIA_TYPE.match(
                    dist.get("mediaType", "")):
                errors.append(f"{where} distribution {j}: mediaType")
            if not (dist.get("downloadURL") or dist.get("accessURL")):
                errors.append(f"{where} distribution {j}: no URL")
    return errors


def test_data_json_follows_pod_1_1(app, dataset, aplikasi):
    catalog = app.get("/data.json").json
    assert pod_errors(catalog) == []
    assert len(catalog["dataset"]) == 1
    d = catalog["dataset"][0]
    assert d["title"] == "Daftar Puskesmas"
    assert d["publisher"]["name"] == "Dinas Kesehatan"
    assert d["keyword"] == ["kesehatan"]
    assert d["accrualPeriodicity"] == "R/P3M"
    assert d["spatial"] == "Kota Banda Aceh"
    assert d["temporal"] == "2023-01-01/2023-12-31"
    assert d["license"] == "http://www.opendefinition.org/licenses/cc-by"
    assert d["identifier"].endswith("/dataset/puskesmas")
    assert d["distribution"] == [{
        "@type": "dcat:Distribution",
        "downloadURL": "https://example.org/puskesmas-2023.csv",
        "mediaType": "text/csv", "title": "Puskesmas 2023", "format": "CSV"}]


def test_the_checks_catch_a_broken_record(app, dataset):
    catalog = app.get("/data.json").json
    broken = json.loads(json.dumps(catalog))
    d = broken["dataset"][0]
    del d["contactPoint"]
    d["keyword"] = []
    d["accrualPeriodicity"] = "triwulanan"
    d["distribution"][0].pop("mediaType")
    errors = pod_errors(broken)
    assert len(errors) == 5, errors


def test_private_datasets_and_unknown_frequencies_stay_out(app, skpk):
    from ckan.tests import factories
    factories.Dataset(name="rahasia", owner_org=skpk["id"], private=True)
    sampah = factories.Dataset(name="sampah", owner_org=skpk["id"],
                               extras=[{"key": "frekuensi_pembaruan",
                                        "value": "bulanan"}])
    # the API refuses unknown frequencies now; a dataset stored before
    # that check (or written to the database directly) may still hold one
    import ckan.model as model
    package = model.Package.get(sampah["id"])
    package.extras["frekuensi_pembaruan"] = "kadang-kadang"
    model.Session.commit()
    from ckan.lib.search import rebuild
    rebuild(sampah["id"])
    catalog = app.get("/data.json").json
    assert pod_errors(catalog) == []
    assert [d["identifier"].rsplit("/", 1)[1]
            for d in catalog["dataset"]] == ["sampah"]
    assert "accrualPeriodicity" not in catalog["dataset"][0]
