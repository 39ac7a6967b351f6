"""Continuity through the API, and the declared frequency's validation."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh.kesegaran import data

from tests.marks import portal

pytestmark = portal()

ACTIONS = ("bandaaceh_kesegaran_dataset", "bandaaceh_kesegaran_skpk")


def _anon(action, **kw):
    return helpers.call_action(
        action, context={"user": "", "ignore_auth": False}, **kw)


def _umur(package_id, days):
    """Make a dataset's data (its resources, else its metadata) `days`
    old, as if time had passed."""
    waktu = datetime.datetime.utcnow() - datetime.timedelta(days=days)
    model.Session.execute(sa.text(
        "UPDATE resource SET created = :t, last_modified = :t "
        "WHERE package_id = :p"), {"t": waktu, "p": package_id})
    model.Session.execute(sa.text(
        "UPDATE package SET metadata_modified = :t WHERE id = :p"),
        {"t": waktu, "p": package_id})
    model.Session.commit()


def _dataset(org, name, frekuensi, **kw):
    extras = [{"key": "frekuensi_pembaruan", "value": frekuensi}] \
        if frekuensi is not None else []
    return factories.Dataset(owner_org=org["id"], name=name, extras=extras,
                             **kw)


@pytest.fixture
def skpk():
    org = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    lain = factories.Organization(name="disdik", title="Dinas Pendidikan")
    d = {
        "mingguan": _dataset(org, "harga-pasar", "mingguan"),
        "bulanan": _dataset(org, "kasus-dbd", "bulanan"),
        "tahunan": _dataset(org, "puskesmas", "tahunan"),
        "tanpa": _dataset(org, "peta-lama", None),
        "privat": _dataset(org, "rahasia", "harian", private=True),
        "sekolah": _dataset(lain, "sekolah", "tahunan"),
    }
    factories.Resource(package_id=d["bulanan"]["id"])
    _umur(d["mingguan"]["id"], 15)     # overdue (14..20)
    _umur(d["bulanan"]["id"], 31)      # due (30..43)
    _umur(d["tahunan"]["id"], 10)      # on time
    _umur(d["tanpa"]["id"], 900)       # not rated
    _umur(d["privat"]["id"], 5)        # delinquent, but private
    _umur(d["sekolah"]["id"], 500)     # delinquent
    return dict(d, org=org, lain=lain)


def test_every_action_has_auth_and_a_test():
    from ckanext.bandaaceh.logic import action, auth
    source = open(__file__, encoding="utf-8").read()
    for name in ACTIONS:
        assert name in action.__all__ and name in auth.__all__
        assert source.count(name) > 1


def test_bandaaceh_kesegaran_dataset(skpk):
    hasil = _anon("bandaaceh_kesegaran_dataset", id="kasus-dbd")
    hari = data.hari_ini()
    terakhir = hari - datetime.timedelta(days=31)
    assert hasil["frekuensi"] == "bulanan"
    assert hasil["status"] == "jatuh_tempo"
    assert hasil["umur_hari"] == 31
    assert hasil["terakhir_diperbarui"] == terakhir.isoformat()
    assert hasil["jatuh_tempo"] == (
        terakhir + datetime.timedelta(days=30)).isoformat()
    assert _anon("bandaaceh_kesegaran_dataset",
                 id="harga-pasar")["status"] == "terlambat"
    assert _anon("bandaaceh_kesegaran_dataset",
                 id="peta-lama")["status"] == "tidak_dinilai"


def test_private_datasets_follow_package_show(skpk):
    with pytest.raises(tk.NotAuthorized):
        _anon("bandaaceh_kesegaran_dataset", id="rahasia")
    member = factories.User()
    helpers.call_action("organization_member_create", id="dinkes",
                        username=member["name"], role="member")
    hasil = helpers.call_action(
        "bandaaceh_kesegaran_dataset",
        context={"user": member["name"], "ignore_auth": False},
        id="rahasia")
    assert hasil["status"] == "menunggak"
    with pytest.raises(tk.ObjectNotFound):
        _anon("bandaaceh_kesegaran_dataset", id="tidak-ada")


def test_bandaaceh_kesegaran_skpk(skpk):
    semua = _anon("bandaaceh_kesegaran_skpk")
    per = {s["skpk"]: s for s in semua["skpk"]}
    # the private dataset is not counted
    assert per["dinkes"]["dataset"] == 4 and per["dinkes"]["dinilai"] == 3
    assert per["dinkes"]["jumlah"]["tepat_waktu"] == 1
    assert per["dinkes"]["persen_tepat_waktu"] == 33.3
    assert per["disdik"]["persen_tepat_waktu"] == 0.0
    assert per["disdik"]["jumlah"]["menunggak"] == 1
    assert semua["kota"]["dinilai"] == 4
    assert semua["kota"]["persen_tepat_waktu"] == 25.0

    satu = _anon("bandaaceh_kesegaran_skpk", id="dinkes")
    assert sorted(d["name"] for d in satu["datasets"]) == [
        "harga-pasar", "kasus-dbd", "peta-lama", "puskesmas"]
    with pytest.raises(tk.ObjectNotFound):
        _anon("bandaaceh_kesegaran_skpk", id="tidak-ada")


def test_an_unknown_frequency_is_refused_in_indonesian():
    org = factories.Organization()
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("package_create", name="x1", owner_org=org["id"],
                            extras=[{"key": "frekuensi_pembaruan",
                                     "value": "sebulan-sekali"}])
    pesan = e.value.error_dict["frekuensi_pembaruan"][0]
    assert "Frekuensi pembaruan tidak dikenal: \"sebulan-sekali\"" in pesan
    assert "bulanan (Bulanan)" in pesan and "kosongkan" in pesan

    ok = helpers.call_action("package_create", name="x2", owner_org=org["id"],
                             extras=[{"key": "frekuensi_pembaruan",
                                      "value": "triwulanan"}])
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_patch", id=ok["id"], extras=[
            {"key": "frekuensi_pembaruan", "value": "Bulanan!"}])
    # empty means "tidak tentu" and is allowed
    kosong = helpers.call_action("package_patch", id=ok["id"], extras=[
        {"key": "frekuensi_pembaruan", "value": ""}])
    assert kosong["name"] == "x2"


def test_an_unknown_frequency_is_refused_over_http(app):
    user = factories.Sysadmin()
    token = factories.APIToken(user=user["name"])["token"]
    res = app.post("/api/3/action/package_create", json={
        "name": "x3", "extras": [{"key": "frekuensi_pembaruan",
                                  "value": "kadang"}]},
        headers={"Authorization": token})
    assert res.status_code == 409
    assert "Frekuensi pembaruan tidak dikenal" in res.get_data(as_text=True)


def test_the_dataset_page_shows_its_continuity(app, skpk):
    html = app.get("/dataset/harga-pasar").get_data(as_text=True)
    assert 'id="kesegaran" data-status="terlambat"' in html
    assert "Frekuensi pembaruan: <strong>Mingguan</strong>" in html
    html = app.get("/dataset/peta-lama").get_data(as_text=True)
    assert 'data-status="tidak_dinilai"' in html
    assert "Tidak tentu" in html


def test_thresholds_come_from_the_configured_file(skpk, ckan_config,
                                                  monkeypatch, tmp_path):
    path = tmp_path / "ambang.yaml"
    path.write_text("ambang:\n  bulanan: {jatuh_tempo: 40, terlambat: 50, "
                    "menunggak: 70}\n", encoding="utf-8")
    monkeypatch.setitem(ckan_config, data.OPTION, str(path))
    hasil = _anon("bandaaceh_kesegaran_dataset", id="kasus-dbd")
    assert hasil["status"] == "tepat_waktu"          # 31 days < 40
    # a frequency the file leaves out is not rated
    assert _anon("bandaaceh_kesegaran_dataset",
                 id="harga-pasar")["status"] == "tidak_dinilai"
