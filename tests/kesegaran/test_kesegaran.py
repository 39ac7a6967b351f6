"""Continuity status for each frequency against hand-computed dates."""
from __future__ import annotations

import datetime

import pytest

from ckanext.bandaaceh import kesegaran
from ckanext.bandaaceh.kesegaran import data
from ckanext.bandaaceh.loading import data_path, read_yaml

D = datetime.date
AMBANG = kesegaran.baca_ambang(read_yaml(data_path("kesegaran.yaml")))
TERAKHIR = D(2026, 1, 10)


# (frequency, last update, due date, overdue from, delinquent from),
# worked out on a calendar from HDX's days
@pytest.mark.parametrize("frekuensi, jatuh_tempo, terlambat, menunggak", [
    ("harian", D(2026, 1, 11), D(2026, 1, 12), D(2026, 1, 13)),
    ("mingguan", D(2026, 1, 17), D(2026, 1, 24), D(2026, 1, 31)),
    ("bulanan", D(2026, 2, 9), D(2026, 2, 23), D(2026, 3, 11)),
    ("triwulanan", D(2026, 4, 10), D(2026, 5, 10), D(2026, 6, 9)),
    ("semesteran", D(2026, 7, 9), D(2026, 8, 8), D(2026, 9, 7)),
    ("tahunan", D(2027, 1, 10), D(2027, 3, 11), D(2027, 4, 10)),
])
def test_each_frequency_turns_due_overdue_delinquent_on_its_dates(
        frekuensi, jatuh_tempo, terlambat, menunggak):
    def status(hari):
        return kesegaran.nilai(frekuensi, TERAKHIR, hari, AMBANG)["status"]

    hasil = kesegaran.nilai(frekuensi, TERAKHIR, TERAKHIR, AMBANG)
    assert (hasil["jatuh_tempo"], hasil["terlambat_sejak"],
            hasil["menunggak_sejak"]) == (jatuh_tempo.isoformat(),
                                          terlambat.isoformat(),
                                          menunggak.isoformat())
    satu = datetime.timedelta(days=1)
    assert status(TERAKHIR) == "tepat_waktu"
    assert status(jatuh_tempo - satu) == "tepat_waktu"
    assert status(jatuh_tempo) == "jatuh_tempo"
    assert status(terlambat - satu) == "jatuh_tempo"
    assert status(terlambat) == "terlambat"
    assert status(menunggak - satu) == "terlambat"
    assert status(menunggak) == "menunggak"
    assert status(menunggak + 400 * satu) == "menunggak"


@pytest.mark.parametrize("frekuensi", ["tidak_tentu", "", None])
def test_no_fixed_frequency_is_not_rated(frekuensi):
    hasil = kesegaran.nilai(frekuensi, TERAKHIR, D(2030, 1, 1), AMBANG)
    assert hasil["status"] == "tidak_dinilai"
    assert hasil["frekuensi"] == "tidak_tentu"
    assert hasil["jatuh_tempo"] is None
    assert hasil["umur_hari"] == (D(2030, 1, 1) - TERAKHIR).days


def test_every_declared_frequency_but_tidak_tentu_has_thresholds():
    assert set(data.frekuensi()) - {"tidak_tentu"} == set(AMBANG)


def test_the_share_on_time_counts_rated_datasets_only():
    hasil = [{"status": s} for s in (
        "tepat_waktu", "tepat_waktu", "terlambat", "menunggak",
        "tidak_dinilai")]
    r = kesegaran.ringkas(hasil)
    assert r["dataset"] == 5 and r["dinilai"] == 4
    assert r["persen_tepat_waktu"] == 50.0
    assert r["jumlah"]["menunggak"] == 1
    assert kesegaran.ringkas([])["persen_tepat_waktu"] is None


@pytest.mark.parametrize("salah", [
    {"mingguan": {"jatuh_tempo": 7, "terlambat": 3, "menunggak": 21}},
    {"mingguan": {"jatuh_tempo": 7}},
    {},
])
def test_wrong_threshold_files_are_refused(salah):
    with pytest.raises(ValueError):
        kesegaran.baca_ambang({"ambang": salah})
