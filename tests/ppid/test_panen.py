"""The PPID register harvester end to end: ckanext-harvest's stages
against a real local web server, the stored rows, the published datasets,
and the personal-data sweep over everything published."""
from __future__ import annotations

import csv
import io
import json

import freezegun
import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.uploader import get_resource_uploader
from ckan.tests import factories, helpers

from ckanext.harvest.model import HarvestSource
from ckanext.harvest.tests.factories import HarvestJobObj
from ckanext.harvest.tests.lib import run_harvest_job

from ckanext.bandaaceh_harvest.ppid import simpan

from tests.httpserver import Route
from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets datastore harvest bandaaceh_ppid") + [
    pytest.mark.ckan_config(
        "ckanext.bandaaceh_harvest.fetch.allowed_addresses", "127.0.0.1"),
    pytest.mark.usefixtures("clean_datastore", "clean_queues",
                            "fresh_fetcher"),
]

CSV_TYPE = "text/csv; charset=utf-8"
HEADER = ("No;Nomor Registrasi;Tanggal Permohonan;Nama Pemohon;NIK;Alamat;"
          "No. HP;Email;Kategori Pemohon;Informasi yang Diminta;"
          "Tujuan Penggunaan;SKPK;Keputusan;Pasal Pengecualian;"
          "Tanggal Jawaban;Perpanjangan")
# Personal data planted everywhere: own columns and inside the free text.
SECRETS = ("Teuku Rahasia Umar", "1171020304050006", "Jl. Tgk. Rahasia",
           "081377665544", "rahasia@contoh.id", "Cut Rahasia",
           "0852-1111-2222", "pemohon.rahasia@gmail.com",
           "1171 0987 6543 0001")
ROWS = [
    "1;001/PPID/2017;3 Juli 2017;Teuku Rahasia Umar;1171020304050006;"
    "Jl. Tgk. Rahasia No. 7;081377665544;rahasia@contoh.id;Perorangan;"
    "Data penduduk per gampong 2016;Penelitian;disdukcapil;Dikabulkan;;"
    "10/07/2017;Tidak",
    "2;002/PPID/2017;2017-07-04;Cut Rahasia;;;;;Perorangan;"
    "Anggaran Dinas Kesehatan 2017, kirim ke pemohon.rahasia@gmail.com atau "
    "0852-1111-2222 (NIK 1171 0987 6543 0001);Advokasi;dinkes;"
    "Dikabulkan Sebagian;;2017-07-25;Ya",
    "3;003/PPID/2017;31 Juni 2017;;;;;;Perorangan;Daftar sekolah;;"
    "disdikbud;Dikabulkan;;;",
    "4;004/PPID/2018;5 Januari 2018;;;;;;Kelompok;Jadwal puskesmas;;dinkes;"
    "Ditolak;Pasal 17 huruf a;2018-01-10;Tidak",
]
KEBERATAN = ("Nomor Keberatan,Nomor Permohonan,Tanggal Keberatan,"
             "Alasan Keberatan,Tanggapan Atasan,Tanggal Tanggapan\n"
             "K-001/2017,002/PPID/2017,2017-08-01,d,Diterima,2017-08-20\n")


def _export(rows) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode("utf-8")


@pytest.fixture
def sumber(feed_server):
    """The city's PPID instance, owned by Diskominfotik."""
    feed_server.routes["/ekspor/permohonan.csv"] = Route(
        _export(ROWS), content_type=CSV_TYPE)
    feed_server.routes["/ekspor/keberatan"] = Route(
        KEBERATAN.encode(), content_type=CSV_TYPE)
    org = factories.Organization(name="diskominfotik",
                                 title="Diskominfotik")
    source = tk.get_action("harvest_source_create")(
        {"user": factories.Sysadmin()["name"]},
        {"name": "ppid-banda-aceh", "title": "PPID Kota Banda Aceh",
         "url": feed_server.url("/ekspor/permohonan.csv"),
         "source_type": "bandaaceh_ppid", "owner_org": org["id"],
         "frequency": "MANUAL",
         "config": json.dumps({
             "instansi": "banda-aceh",
             "nama_instansi": "Kota Banda Aceh",
             "keberatan_url": feed_server.url("/ekspor/keberatan")})})
    return source


def harvest(source):
    job = HarvestJobObj(source=HarvestSource.get(source["id"]))
    results = run_harvest_job(job, p.get_plugin("bandaaceh_ppid"))
    report = tk.get_action("harvest_job_report")(
        {"ignore_auth": True}, {"id": job.id})
    return results, [e["message"] for e in report["gather_errors"]]


def _uploaded(resource) -> str:
    path = get_resource_uploader(resource).get_path(resource["id"])
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_registers_are_published_per_year_and_bad_rows_reported(sumber):
    results, errors = harvest(sumber)

    assert len(results) == 1
    assert errors == [
        "Register Permohonan Informasi Publik, baris 4 (003/PPID/2017): "
        "Tanggal permohonan: Tanggal tidak dikenali: 31 Juni 2017. Tulis "
        "mis. 2017-07-03, 03/07/2017 atau 3 Juli 2017"]
    numbers = [r["nomor"] for r in simpan.baris("permohonan", "banda-aceh")]
    assert numbers == ["001/PPID/2017", "002/PPID/2017", "004/PPID/2018"]

    dataset = helpers.call_action(
        "package_show", id="register-permohonan-banda-aceh-2017")
    assert dataset["title"] == ("Register Permohonan Informasi Publik "
                                "Kota Banda Aceh 2017")
    assert dataset["organization"]["name"] == "diskominfotik"
    rows = list(csv.DictReader(io.StringIO(
        _uploaded(dataset["resources"][0]))))
    assert [r["nomor"] for r in rows] == ["001/PPID/2017", "002/PPID/2017"]
    assert rows[0]["hari_kerja"] == "5"
    assert rows[0]["status_waktu"] == "dalam_10"
    assert rows[1]["perpanjangan"] == "ya"
    assert helpers.call_action(
        "package_show", id="register-permohonan-banda-aceh-2018")
    keberatan = helpers.call_action(
        "package_show", id="register-keberatan-banda-aceh-2017")
    assert "K-001/2017" in _uploaded(keberatan["resources"][0])


def test_no_personal_data_anywhere_it_is_published_or_stored(sumber):
    harvest(sumber)

    published = helpers.call_action(
        "package_search", q="*:*", fq="+organization:diskominfotik",
        rows=100)["results"]
    assert len(published) == 3
    texts = [json.dumps(published)]
    for dataset in published:
        texts.extend(_uploaded(r) for r in dataset["resources"])
        for resource in dataset["resources"]:
            assert resource["datastore_active"]
            table = helpers.call_action("datastore_search",
                                        resource_id=resource["id"], limit=1000)
            assert table["records"]
            texts.append(json.dumps(table["records"]))
    for table in ("bandaaceh_ppid_permohonan", "bandaaceh_ppid_keberatan"):
        stored = model.Session.execute(sa.text(f"select * from {table}"))
        texts.append(repr([tuple(r) for r in stored]))
    everything = "\n".join(texts)
    for secret in SECRETS:
        assert secret not in everything, secret
    assert "[disamarkan]" in everything  # the request text itself is kept


def test_harvesting_the_same_export_again_changes_nothing(sumber):
    harvest(sumber)
    dataset = helpers.call_action(
        "package_show", id="register-permohonan-banda-aceh-2017")

    results, errors = harvest(sumber)

    assert not results
    assert len(errors) == 1  # the bad row is reported again
    again = helpers.call_action("package_show", id=dataset["id"])
    assert again["metadata_modified"] == dataset["metadata_modified"]


def test_a_row_corrected_upstream_is_updated_in_place(sumber, feed_server):
    harvest(sumber)
    first_id = model.Session.execute(sa.text(
        "select id from bandaaceh_ppid_permohonan where nomor = "
        "'001/PPID/2017'")).scalar()
    rows = list(ROWS)
    rows[0] = rows[0].replace("10/07/2017", "24/07/2017")
    rows[2] = rows[2].replace("31 Juni 2017", "30 Juni 2017")
    feed_server.routes["/ekspor/permohonan.csv"] = Route(
        _export(rows), content_type=CSV_TYPE)

    results, errors = harvest(sumber)

    assert len(results) == 1 and errors == []
    stored = {r["nomor"]: r for r in simpan.baris("permohonan",
                                                  "banda-aceh")}
    assert len(stored) == 4
    assert stored["001/PPID/2017"]["id"] == first_id
    assert str(stored["001/PPID/2017"]["tanggal_jawaban"]) == "2017-07-24"
    dataset = helpers.call_action(
        "package_show", id="register-permohonan-banda-aceh-2017")
    rows = {r["nomor"]: r for r in csv.DictReader(io.StringIO(
        _uploaded(dataset["resources"][0])))}
    assert rows["001/PPID/2017"]["status_waktu"] == "terlambat"
    assert rows["001/PPID/2017"]["hari_kerja"] == "15"  # 4-7, 10-14, 17-21, 24 Jul
    assert len(rows) == 3
    # ckanext-harvest's rule: one current object per guid of the source
    current = model.Session.execute(sa.text(
        "select count(*) from harvest_object where harvest_source_id = :s "
        "and current"), {"s": sumber["id"]}).scalar()
    assert current == 1


def test_a_broken_export_is_an_error_and_keeps_what_was_stored(
        sumber, feed_server):
    harvest(sumber)
    feed_server.routes["/ekspor/permohonan.csv"] = Route(
        b"<html><body>Sedang pemeliharaan</body></html>",
        content_type="text/html")
    feed_server.routes["/ekspor/keberatan"] = Route(b"error", 500,
                                                   "text/plain")

    results, errors = harvest(sumber)

    assert not results
    assert sorted(e.split(":")[0] for e in errors) == [
        "Register Keberatan Informasi Publik",
        "Register Permohonan Informasi Publik"]
    assert len(simpan.baris("permohonan", "banda-aceh")) == 3
    assert len(simpan.baris("keberatan", "banda-aceh")) == 1


def test_a_bad_source_config_is_refused_in_indonesian():
    with pytest.raises(tk.ValidationError) as raised:
        tk.get_action("harvest_source_create")(
            {"user": factories.Sysadmin()["name"]},
            {"name": "ppid-x", "title": "PPID X",
             "url": "https://ppid.contoh.id/ekspor.csv",
             "source_type": "bandaaceh_ppid",
             "owner_org": factories.Organization()["id"],
             "config": json.dumps({"instansi": "Banda Aceh!"})})
    assert "kode pendek huruf kecil" in str(raised.value.error_dict)


def test_an_export_larger_than_the_feed_cap_is_read_within_the_ppid_cap(
        sumber, monkeypatch):
    # (a test-level ckan_config mark would lose to the module-level ones)
    monkeypatch.setitem(tk.config,
                        "ckanext.bandaaceh_harvest.fetch.max_bytes", 200)
    results, errors = harvest(sumber)
    assert len(results) == 1
    assert not any("melebihi batas" in e for e in errors)
    assert len(simpan.baris("permohonan", "banda-aceh")) == 3

    monkeypatch.setitem(tk.config,
                        "ckanext.bandaaceh_harvest.ppid.max_bytes", 300)
    from ckanext.bandaaceh_harvest import fetcher
    fetcher._shared.clear()
    results, errors = harvest(sumber)
    assert not results
    assert any("melebihi batas 300 bait" in e for e in errors)
    # what was stored stays
    assert len(simpan.baris("permohonan", "banda-aceh")) == 3


def test_deadline_statuses_follow_the_calendar_when_the_export_does_not(
        sumber, feed_server):
    # received Monday 8 January 2018, unanswered: due on 22 January
    feed_server.routes["/ekspor/permohonan.csv"] = Route(_export([
        "1;005/PPID/2018;8 Januari 2018;;;;;;Perorangan;Data jalan rusak;;"
        "dpupr;;;;Tidak"]), content_type=CSV_TYPE)
    name = "register-permohonan-banda-aceh-2018"

    def status():
        dataset = helpers.call_action("package_show", id=name)
        rows = list(csv.DictReader(io.StringIO(_uploaded(
            dataset["resources"][0]))))
        extras = {e["key"]: e["value"] for e in dataset["extras"]}
        return [r["status_waktu"] for r in rows], extras["status_per"]

    with freezegun.freeze_time("2018-01-22 09:00", tick=True):
        harvest(sumber)
        assert status() == (["belum_jatuh_tempo"], "2018-01-22")
        results, _ = harvest(sumber)
        assert not results  # same export, same day: nothing to do
    with freezegun.freeze_time("2018-01-23 09:00", tick=True):
        results, _ = harvest(sumber)
        assert results
        assert status() == (["belum_dijawab_lewat"], "2018-01-23")

    # once answered, the statuses are final and stay put
    feed_server.routes["/ekspor/permohonan.csv"] = Route(_export([
        "1;005/PPID/2018;8 Januari 2018;;;;;;Perorangan;Data jalan rusak;;"
        "dpupr;Dikabulkan;;2018-01-24;Tidak"]), content_type=CSV_TYPE)
    with freezegun.freeze_time("2018-01-25 09:00", tick=True):
        harvest(sumber)
        assert status() == (["terlambat"], "final")
    with freezegun.freeze_time("2018-01-26 09:00", tick=True):
        results, _ = harvest(sumber)
        assert not results
