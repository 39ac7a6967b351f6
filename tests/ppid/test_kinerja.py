"""Deadline measures against hand-computed answers."""
from __future__ import annotations

import datetime

import pytest

from ckanext.bandaaceh_harvest.ppid import kinerja
from ckanext.bandaaceh_harvest.ppid.hari_kerja import Kalender

D = datetime.date


def _r(nomor, received, answered=None, perpanjangan=False, skpk="dinkes",
       keputusan="dikabulkan"):
    return {"instansi": "banda-aceh", "nomor": nomor, "skpk": skpk,
            "tanggal_diterima": received, "tanggal_jawaban": answered,
            "perpanjangan": perpanjangan, "keputusan": keputusan}


@pytest.fixture
def requests():
    monday = D(2017, 3, 6)
    return [
        _r("1", monday, D(2017, 3, 10)),                      # 4 days
        _r("2", monday, D(2017, 3, 20)),                      # 10 days
        _r("3", monday, D(2017, 3, 21), perpanjangan=True),   # 11, extended
        _r("4", monday, D(2017, 3, 21), keputusan="ditolak"),  # 11: late
        _r("5", monday, keputusan=None),                       # never: late
        _r("6", D(2017, 12, 28), keputusan=None),              # not yet due
        _r("7", D(2017, 7, 3), D(2017, 7, 4), skpk="dpupr"),
    ]


def test_measures_of_one_skpk_and_year(requests):
    objections = [{"instansi": "banda-aceh", "nomor": "K1",
                   "nomor_permohonan": "4", "alasan": "g",
                   "tanggapan_atasan": "diterima"}]
    rows = kinerja.kinerja(requests, objections, Kalender(),
                           per_tanggal=D(2017, 12, 31), kelompok=("skpk",))
    dinkes = next(r for r in rows if r["skpk"] == "dinkes")
    assert dinkes["periode"] == "2017"
    assert dinkes["permohonan"] == 6
    assert dinkes["keputusan"] == {"dikabulkan": 3, "dikabulkan_sebagian": 0,
                                   "ditolak": 1, "tidak_dikuasai": 0,
                                   "belum_diputus": 2}
    assert dinkes["dijawab"] == 4
    assert dinkes["median_hari_kerja"] == 10.5
    assert dinkes["p90_hari_kerja"] == 11
    assert dinkes["dalam_10_hari"] == 2
    assert dinkes["dalam_17_hari_dengan_perpanjangan"] == 1
    assert dinkes["terlambat"] == 2
    assert dinkes["belum_jatuh_tempo"] == 1
    assert dinkes["jatuh_tempo"] == 5
    assert dinkes["persen_dalam_10_hari"] == 40.0
    assert dinkes["persen_tepat_waktu"] == 60.0
    assert dinkes["persen_terlambat"] == 40.0
    assert dinkes["keberatan"] == 1
    assert dinkes["alasan"]["g"] == 1
    assert dinkes["tanggapan_atasan"]["diterima"] == 1

    dpupr = next(r for r in rows if r["skpk"] == "dpupr")
    assert dpupr["keberatan"] == 0
    assert dpupr["persen_tepat_waktu"] == 100.0


def test_periods_split_the_groups(requests):
    rows = kinerja.kinerja(requests, [], Kalender(), D(2017, 12, 31),
                           jenis_periode="semester")
    assert [(r["periode"], r["permohonan"]) for r in rows] == [
        ("2017-S1", 5), ("2017-S2", 2)]


def test_nearest_rank_percentile():
    assert kinerja.persentil([], 90) is None
    assert kinerja.persentil([5], 90) == 5
    assert kinerja.persentil(list(range(1, 11)), 90) == 9
    assert kinerja.persentil(list(range(1, 11)), 50) == 5
