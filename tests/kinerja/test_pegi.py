"""PeGI: the seed's rows 2011, 2014, 2015 give 2.39 (Kurang), 2.30 (Kurang)
and 2.60 (Baik): the category is that of the rounded mean."""
from __future__ import annotations

import decimal

import pytest

from ckanext.bandaaceh.kinerja import pegi

BATAS = pegi.kategori_batas(
    "Sangat Baik:3.60 Baik:2.60 Kurang:1.60 Sangat Kurang:1.00")
SEED = """tahun,kebijakan,kelembagaan,infrastruktur,aplikasi,perencanaan
2011,2.38,2.40,2.48,2.43,2.27
2014,2.25,2.33,2.05,2.33,2.53
2015,2.33,2.33,2.47,3.13,2.73
"""


def test_the_seed_rows():
    rows, problems = pegi.baca_csv(SEED)
    assert problems == []
    assert [(r["tahun"], r["rerata"], r["kategori"])
            for r in pegi.riwayat(rows, BATAS)] == [
        (2011, 2.39, "Kurang"), (2014, 2.30, "Kurang"), (2015, 2.60, "Baik")]


def test_2015_is_baik_only_because_the_mean_is_rounded_first():
    row = {"kebijakan": "2.33", "kelembagaan": "2.33",
           "infrastruktur": "2.47", "aplikasi": "3.13",
           "perencanaan": "2.73"}
    assert sum(decimal.Decimal(v) for v in row.values()) / 5 == \
        decimal.Decimal("2.598")
    assert pegi.rerata(row) == decimal.Decimal("2.60")
    assert pegi.kategori(pegi.rerata(row), BATAS) == "Baik"


@pytest.mark.parametrize("mean, expected", [
    ("4.00", "Sangat Baik"), ("3.60", "Sangat Baik"), ("3.59", "Baik"),
    ("2.60", "Baik"), ("2.59", "Kurang"), ("1.60", "Kurang"),
    ("1.59", "Sangat Kurang"), ("1.00", "Sangat Kurang"),
])
def test_category_bounds(mean, expected):
    assert pegi.kategori(decimal.Decimal(mean), BATAS) == expected


def test_thresholds_come_from_configuration():
    strict = pegi.kategori_batas("Memuaskan:2.50 Belum:1")
    rows, _ = pegi.baca_csv(SEED)
    assert [r["kategori"] for r in pegi.riwayat(rows, strict)] == [
        "Belum", "Belum", "Memuaskan"]
    with pytest.raises(ValueError):
        pegi.kategori_batas("Baik tiga")


def test_published_figures_are_checked_and_bad_rows_reported():
    rows, problems = pegi.baca_csv(
        "tahun,kebijakan,kelembagaan,infrastruktur,aplikasi,perencanaan,"
        "rerata,kategori\n"
        "2015,2.33,2.33,2.47,3.13,2.73,2.60,Baik\n"
        "2016,2.5,2.5,2.5,2.5,2.5,2.40,Kurang\n"
        "2017,2.5,x,2.5,2.5,2.5,,\n"
        "2018,2.5,5,2.5,2.5,2.5,,\n")
    history = pegi.riwayat(rows, BATAS)
    assert [h["sesuai_terbitan"] for h in history] == [True, False]
    assert len(problems) == 2
    assert "Tahun 2017: nilai kelembagaan 'x'" in problems[0]
