"""The PPID measures through the API and on the /ppid page, and the
demand signal against the portal's datasets."""
from __future__ import annotations

import csv
import datetime
import io

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh_harvest.ppid import simpan

from tests.marks import portal

pytestmark = portal("bandaaceh scheming_datasets harvest bandaaceh_ppid")

D = datetime.date


def _r(nomor, received, answered, skpk, informasi, perpanjangan=False,
       keputusan="dikabulkan"):
    return {"nomor": nomor, "baris": 1, "tanggal_diterima": received,
            "tanggal_jawaban": answered, "skpk": skpk,
            "informasi": informasi, "perpanjangan": perpanjangan,
            "keputusan": keputusan, "kategori_pemohon": "perorangan"}


@pytest.fixture
def register():
    """Banda Aceh 2017: dinkes answers in 4 and 12 (extended) working
    days, disdukcapil in 11 (late); one request of 2016; Sabang one."""
    simpan.simpan("permohonan", "banda-aceh", "diskominfotik", [
        _r("1", D(2017, 3, 6), D(2017, 3, 10), "dinkes",
           "Data kasus demam berdarah per kecamatan"),
        _r("2", D(2017, 3, 6), D(2017, 3, 22), "dinkes",
           "Data kasus demam berdarah 2016", perpanjangan=True),
        _r("3", D(2017, 3, 6), D(2017, 3, 21), "disdukcapil",
           "Data akta kelahiran per gampong", keputusan="ditolak"),
        _r("4", D(2016, 11, 1), D(2016, 11, 2), "disdukcapil",
           "Salinan data akta kelahiran per gampong"),
    ])
    simpan.simpan("keberatan", "banda-aceh", "diskominfotik", [{
        "nomor": "K1", "baris": 1, "nomor_permohonan": "3",
        "tanggal": D(2017, 3, 25), "alasan": "a",
        "tanggapan_atasan": "ditolak", "tanggal_tanggapan": D(2017, 4, 5)}])
    simpan.simpan("permohonan", "sabang", "pemko-sabang", [
        _r("S1", D(2017, 5, 2), D(2017, 5, 3), "dinkes", "Data puskesmas")])
    factories.Dataset(name="kasus-demam-berdarah",
                      title="Kasus Demam Berdarah Dengue per Kecamatan",
                      notes="Jumlah kasus DBD di Banda Aceh.")


def test_measures_per_instance_skpk_and_year(register):
    result = helpers.call_action("bandaaceh_ppid_kinerja", tahun=2017,
                                 per_tanggal="2017-12-31")
    rows = {(r["instansi"], r["skpk"]): r for r in result["baris"]}
    assert sorted(rows) == [("banda-aceh", "dinkes"),
                            ("banda-aceh", "disdukcapil"),
                            ("sabang", "dinkes")]
    dinkes = rows[("banda-aceh", "dinkes")]
    # 6 -> 10 March: 4 days; 6 -> 22 March: 12 days, within 17 (extended)
    assert dinkes["median_hari_kerja"] == 8
    assert dinkes["dalam_10_hari"] == 1
    assert dinkes["dalam_17_hari_dengan_perpanjangan"] == 1
    assert dinkes["persen_tepat_waktu"] == 100.0
    dukcapil = rows[("banda-aceh", "disdukcapil")]
    assert dukcapil["terlambat"] == 1
    assert dukcapil["persen_terlambat"] == 100.0
    assert dukcapil["keberatan"] == 1
    assert dukcapil["tanggapan_atasan"]["ditolak"] == 1
    assert result["total"]["permohonan"] == 4
    assert result["total"]["keputusan"]["ditolak"] == 1

    only = helpers.call_action("bandaaceh_ppid_kinerja",
                               instansi="banda-aceh", kelompok="instansi",
                               periode="semester", per_tanggal="2017-12-31")
    assert [(r["periode"], r["permohonan"]) for r in only["baris"]] == [
        ("2016-S2", 1), ("2017-S1", 3)]


@pytest.mark.parametrize("params, field", [
    ({"tahun": "dua ribu"}, "tahun"),
    ({"periode": "minggu"}, "periode"),
    ({"kelompok": "nama"}, "kelompok"),
    ({"per_tanggal": "31/12/2017"}, "per_tanggal"),
])
def test_bad_parameters_are_validation_errors_over_http(app, params, field):
    response = app.get("/api/3/action/bandaaceh_ppid_kinerja",
                       query_string=params, status=409)
    assert response.json["success"] is False
    assert field in response.json["error"]


@pytest.mark.parametrize("action", ["bandaaceh_ppid_kinerja",
                                    "bandaaceh_ppid_permintaan"])
def test_anyone_reads_the_measures(app, register, action):
    assert tk.check_access(action, {"user": ""}, {})
    response = app.get(f"/api/3/action/{action}")
    assert response.json["success"] is True


def test_the_demand_signal(register):
    result = helpers.call_action("bandaaceh_ppid_permintaan",
                                 instansi="banda-aceh")
    by_number = {r["nomor"]: r for r in result["permohonan"]}
    assert [d["name"] for d in by_number["1"]["dataset"]] == [
        "kasus-demam-berdarah"]
    assert by_number["3"]["dataset"] == []
    topics = result["topik_tanpa_dataset"]
    assert list(topics) == ["disdukcapil"]
    # asked twice (2016 and 2017) in other words, no dataset yet
    assert topics["disdukcapil"][0]["permohonan"] == 2
    assert topics["disdukcapil"][0]["topik"] == "akta gampong kelahiran"


def test_the_page_and_its_csv(app, register):
    page = app.get("/ppid", query_string={"tahun": "2017"})
    assert page.status_code == 200
    assert "Kinerja Layanan Informasi Publik" in page.body
    assert "akta kelahiran per gampong" in page.body
    bad = app.get("/ppid", query_string={"tahun": "x"})
    assert bad.status_code == 200
    assert "tahun empat angka" in bad.body

    exported = app.get("/ppid/kinerja.csv",
                       query_string={"per_tanggal": "2017-12-31"})
    rows = list(csv.DictReader(io.StringIO(exported.body)))
    assert {(r["instansi"], r["skpk"], r["periode"]) for r in rows} == {
        ("banda-aceh", "dinkes", "2017"),
        ("banda-aceh", "disdukcapil", "2016"),
        ("banda-aceh", "disdukcapil", "2017"),
        ("sabang", "dinkes", "2017")}
    assert app.get("/ppid/kinerja.csv", query_string={"tahun": "x"},
                   status=400)


def test_decisions_and_objections_on_the_page_and_in_the_csv(app,
                                                             register):
    page = app.get("/ppid", query_string={"tahun": "2017"})
    decisions = page.body.split('id="ppid-keputusan"')[1].split("</table>")[0]
    # 2017: dinkes 1 and 2 and Sabang S1 granted, disdukcapil 3 rejected
    assert "<th scope=\"row\">Dikabulkan</th><td>3</td>" in decisions
    assert "<th scope=\"row\">Ditolak</th><td>1</td>" in decisions
    grounds = page.body.split('id="ppid-alasan"')[1].split("</table>")[0]
    assert "a. penolakan (Pasal 17)</th><td>1</td>" in grounds
    assert "g. melebihi jangka waktu</th><td>0</td>" in grounds
    responses = page.body.split('id="ppid-tanggapan"')[1].split(
        "</table>")[0]
    assert "<th scope=\"row\">Ditolak</th><td>1</td>" in responses

    exported = app.get("/ppid/kinerja.csv",
                       query_string={"per_tanggal": "2017-12-31"})
    rows = {(r["instansi"], r["skpk"], r["periode"]): r
            for r in csv.DictReader(io.StringIO(exported.body))}
    dukcapil = rows[("banda-aceh", "disdukcapil", "2017")]
    assert dukcapil["keputusan_ditolak"] == "1"
    assert dukcapil["keputusan_dikabulkan"] == "0"
    assert dukcapil["alasan_a"] == "1"
    assert dukcapil["tanggapan_atasan_ditolak"] == "1"
    assert dukcapil["tanggapan_atasan_belum_ditanggapi"] == "0"
    dinkes = rows[("banda-aceh", "dinkes", "2017")]
    assert dinkes["keputusan_dikabulkan"] == "2"
    assert dinkes["alasan_a"] == "0"
