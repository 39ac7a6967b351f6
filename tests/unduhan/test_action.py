"""API actions, pages and upload statistics."""
from __future__ import annotations

import datetime
import json

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh.logic import action as actions, auth as auths
from ckanext.bandaaceh.unduhan import agregasi, antrean, statistik

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "redis_unduhan"),
]

ACTIONS = ("bandaaceh_unduhan_resource", "bandaaceh_unduhan_dataset",
           "bandaaceh_unduhan_skpk", "bandaaceh_unduhan_bulanan",
           "bandaaceh_unggahan_statistik")


def _ts(text):
    return int(datetime.datetime.fromisoformat(text).timestamp())


@pytest.fixture
def diunduh(redis_unduhan):
    """SKPK dinkes with a public dataset (resources r1: 3 downloads in
    January and 2 in March 2026, r2: 1 in March) and a private dataset
    (r3: 4 in March); SKPK disdik with nothing."""
    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    factories.Organization(name="disdik", title="Dinas Pendidikan")
    public = factories.Dataset(name="kasus-dbd", owner_org=dinkes["id"])
    private = factories.Dataset(name="rekam-medis", owner_org=dinkes["id"],
                                private=True)
    r1 = factories.Resource(package_id=public["id"], name="dbd-2026")
    r2 = factories.Resource(package_id=public["id"], name="dbd-2025")
    r3 = factories.Resource(package_id=private["id"])
    jan, mar = _ts("2026-01-15T03:00:00+00:00"), _ts(
        "2026-03-02T03:00:00+00:00")
    events = ([[jan, r1["id"], "upload", "a" * 32]] * 3
              + [[mar, r1["id"], "upload", "b" * 32]] * 2
              + [[mar, r2["id"], "link", "b" * 32]]
              + [[mar, r3["id"], "upload", "c" * 32]] * 4)
    redis_unduhan.rpush(antrean.kunci_antrean(),
                        *[json.dumps(e) for e in events])
    agregasi.agregasi()
    return {"dinkes": dinkes, "public": public, "private": private,
            "r1": r1, "r2": r2, "r3": r3}


def _anon(action, **data):
    return helpers.call_action(action, context={"user": "",
                                                "ignore_auth": False},
                               **data)


def test_every_action_has_auth_and_a_test():
    source = open(__file__, encoding="utf-8").read()
    for name in ACTIONS:
        assert name in actions.__all__ and name in auths.__all__
        assert source.count(name) > 1, name


def test_unduhan_resource(diunduh):
    result = _anon("bandaaceh_unduhan_resource", id=diunduh["r1"]["id"])
    assert result["jumlah"] == 5
    assert result["pengunjung_harian"] == 2
    assert [(b["bulan"], b["jumlah"]) for b in result["bulanan"]] == [
        ("2026-01", 3), ("2026-03", 2)]


def test_unduhan_resource_of_a_private_dataset_needs_access(diunduh):
    with pytest.raises(tk.NotAuthorized):
        _anon("bandaaceh_unduhan_resource", id=diunduh["r3"]["id"])
    sysadmin = factories.Sysadmin()
    result = helpers.call_action("bandaaceh_unduhan_resource",
                                 context={"user": sysadmin["name"]},
                                 id=diunduh["r3"]["id"])
    assert result["jumlah"] == 4


def test_unduhan_resource_unknown(diunduh):
    with pytest.raises(tk.ObjectNotFound):
        _anon("bandaaceh_unduhan_resource", id="tidak-ada")
    with pytest.raises(tk.ValidationError):
        _anon("bandaaceh_unduhan_resource")


def test_unduhan_dataset(diunduh):
    result = _anon("bandaaceh_unduhan_dataset", id="kasus-dbd")
    assert result["jumlah"] == 6
    assert {r["name"]: r["jumlah"] for r in result["resources"]} == {
        "dbd-2026": 5, "dbd-2025": 1}
    with pytest.raises(tk.NotAuthorized):
        _anon("bandaaceh_unduhan_dataset", id="rekam-medis")


def test_unduhan_skpk(diunduh):
    result = _anon("bandaaceh_unduhan_skpk")
    assert result["jumlah"] == 10
    assert [(s["name"], s["jumlah"]) for s in result["skpk"]] == [
        ("dinkes", 10), ("disdik", 0)]
    one = _anon("bandaaceh_unduhan_skpk", id="dinkes")
    assert one["title"] == "Dinas Kesehatan"
    assert [(b["bulan"], b["jumlah"]) for b in one["bulanan"]] == [
        ("2026-01", 3), ("2026-03", 7)]
    with pytest.raises(tk.ObjectNotFound):
        _anon("bandaaceh_unduhan_skpk", id="tidak-ada")


def test_unduhan_bulanan_fills_empty_months(diunduh):
    result = _anon("bandaaceh_unduhan_bulanan", dari="2025-12",
                   sampai="2026-04")
    assert [(b["bulan"], b["jumlah"]) for b in result["bulanan"]] == [
        ("2025-12", 0), ("2026-01", 3), ("2026-02", 0), ("2026-03", 7),
        ("2026-04", 0)]
    assert result["jumlah"] == 10
    dataset = _anon("bandaaceh_unduhan_bulanan", dari="2026-03",
                    sampai="2026-03", dataset="kasus-dbd")
    assert dataset["jumlah"] == 3
    skpk = _anon("bandaaceh_unduhan_bulanan", dari="2026-01",
                 sampai="2026-03", skpk="disdik")
    assert skpk["jumlah"] == 0
    with pytest.raises(tk.NotAuthorized):
        _anon("bandaaceh_unduhan_bulanan", dataset="rekam-medis")


def test_unduhan_bulanan_default_is_the_last_twelve_months(diunduh):
    result = _anon("bandaaceh_unduhan_bulanan")
    assert len(result["bulanan"]) == 12
    assert result["sampai"] == antrean.hari_ini().strftime("%Y-%m")


@pytest.mark.parametrize("params,field,message", [
    ({"dari": "2026-13"}, "dari", "dari harus berupa bulan dengan format "
                                  "TTTT-BB, mis. 2026-01"),
    ({"sampai": "Maret"}, "sampai", "sampai harus berupa bulan"),
    ({"dari": "2026-05", "sampai": "2026-01"}, "dari",
     "Bulan awal (2026-05) tidak boleh sesudah bulan akhir (2026-01)"),
    ({"dari": "2000-01", "sampai": "2026-01"}, "dari",
     "Rentang paling panjang 120 bulan"),
    ({"skpk": "tidak-ada"}, "skpk", "SKPK tidak ditemukan"),
    ({"dataset": "tidak-ada"}, "dataset", "Dataset tidak ditemukan"),
])
def test_unduhan_bulanan_validation_in_indonesian(diunduh, params, field,
                                                  message):
    with pytest.raises(tk.ValidationError) as e:
        _anon("bandaaceh_unduhan_bulanan", **params)
    assert message in e.value.error_dict[field][0]


def test_unggahan_statistik(diunduh, create_with_upload):
    org = diunduh["dinkes"]
    dataset = factories.Dataset(owner_org=org["id"])
    upload = create_with_upload("a,b\n1,2\n", "a.csv", url="a.csv",
                                package_id=dataset["id"], format="CSV")
    factories.Resource(package_id=dataset["id"], format="CSV",
                       url="https://data.example.id/b.csv")
    factories.Resource(package_id=dataset["id"], format="",
                       url="https://data.example.id/c.CSV")
    factories.Resource(package_id=dataset["id"], format="PDF",
                       url="https://data.example.id/d.pdf")
    # a CSV of a private dataset is not public information
    factories.Resource(package_id=diunduh["private"]["id"], format="CSV")
    # an upload created in January and given new data in March
    res = model.Resource.get(upload["id"])
    res.created = datetime.datetime(2026, 1, 10, 3)
    res.last_modified = datetime.datetime(2026, 3, 5, 3)
    model.repo.commit()
    bulan_ini = antrean.hari_ini().strftime("%Y-%m")
    result = _anon("bandaaceh_unggahan_statistik", dari="2026-01",
                   sampai=max(bulan_ini, "2026-03"))
    baris = {b["bulan"]: b for b in result["baris"]
             if b["skpk"] == "dinkes"}
    assert baris["2026-01"]["dibuat_unggahan"] == 1
    assert baris["2026-03"]["diperbarui_unggahan"] == 1
    assert result["total"]["dibuat_tautan"] == 2
    assert result["total"]["dibuat_unggahan"] == 1
    assert result["total"]["diperbarui_unggahan"] == 1
    assert result["total"]["diperbarui_tautan"] == 0
    only = _anon("bandaaceh_unggahan_statistik", skpk="disdik")
    assert only["baris"] == []
    with pytest.raises(tk.ValidationError):
        _anon("bandaaceh_unggahan_statistik", dari="kemarin")


def test_pages_show_the_count(app, diunduh):
    page = app.get(tk.h.url_for("dataset.read", id="kasus-dbd"))
    assert "Diunduh 6 kali" in page.get_data(as_text=True)
    page = app.get(tk.h.url_for("resource.read", id="kasus-dbd",
                                resource_id=diunduh["r1"]["id"]))
    assert "Diunduh 5 kali" in page.get_data(as_text=True)


def test_jumlah_unduhan_for_templates(diunduh):
    assert statistik.jumlah_unduhan(resource_id=diunduh["r2"]["id"]) == 1
    assert statistik.jumlah_unduhan(package_id=diunduh["private"]["id"]) == 4
    assert statistik.jumlah_unduhan(resource_id="tidak-ada") == 0
    assert statistik.jumlah_unduhan() is None


def test_cli_aggregates(cli, diunduh, redis_unduhan):
    from ckanext.bandaaceh.cli import bandaaceh
    redis_unduhan.rpush(antrean.kunci_antrean(), json.dumps(
        [_ts("2026-03-02T03:00:00+00:00"), diunduh["r2"]["id"], "link",
         "d" * 32]))
    result = cli.invoke(bandaaceh, ["unduhan", "agregasi"])
    assert result.exit_code == 0, result.output
    assert "1 download(s) recorded" in result.output
    assert statistik.jumlah_unduhan(resource_id=diunduh["r2"]["id"]) == 2
