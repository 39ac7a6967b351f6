"""Working days: weekends, national holidays, collective leave, regional
days off, year ends."""
from __future__ import annotations

import datetime

import pytest

from ckanext.bandaaceh_harvest.ppid import hari_kerja
from ckanext.bandaaceh_harvest.ppid.hari_kerja import Kalender

D = datetime.date


@pytest.fixture(scope="module")
def nasional():
    """National holidays and collective leave, no regional days."""
    return Kalender()


def test_weekends_and_national_holidays_are_not_working_days(nasional):
    assert nasional.hari_kerja(D(2017, 3, 6))          # Monday
    assert not nasional.hari_kerja(D(2017, 3, 11))     # Saturday
    assert not nasional.hari_kerja(D(2017, 3, 12))     # Sunday
    assert not nasional.hari_kerja(D(2017, 3, 28))     # Nyepi
    assert not nasional.hari_kerja(D(2017, 8, 17))     # Independence Day
    assert not nasional.hari_kerja(D(2017, 6, 26))     # Idul Fitri, Monday


def test_collective_leave_is_not_a_working_day(nasional):
    # cuti bersama of the joint decrees for 2016 and 2017
    for day in (D(2016, 7, 4), D(2016, 7, 5), D(2016, 7, 8),
                D(2016, 12, 26), D(2017, 1, 2), D(2017, 6, 23),
                D(2017, 6, 27), D(2017, 6, 30), D(2017, 12, 26)):
        assert not nasional.hari_kerja(day), day


def test_idul_fitri_2017_with_collective_leave(nasional):
    # Friday 23 June (leave); 25-26 June Idul Fitri, 27-30 June collective
    # leave: the 10 working days are 3-7 and 10-14 July
    assert nasional.tambah(D(2017, 6, 23), 10) == D(2017, 7, 14)
    assert nasional.selisih(D(2017, 6, 23), D(2017, 7, 14)) == 10
    assert nasional.selisih(D(2017, 6, 22), D(2017, 7, 3)) == 1


def test_across_the_year_end(nasional):
    # Friday 23 Dec 2016; 26 Dec collective leave, 27-30 Dec four days;
    # 1 Jan a Sunday, 2 Jan 2017 collective leave; 3-6 Jan four more,
    # then 9 and 10 Jan
    assert nasional.tambah(D(2016, 12, 23), 10) == D(2017, 1, 10)
    assert nasional.selisih(D(2016, 12, 30), D(2017, 1, 3)) == 1


def test_counting_is_after_the_start_and_includes_the_end(nasional):
    friday, monday = D(2017, 3, 10), D(2017, 3, 13)
    assert nasional.selisih(friday, monday) == 1
    assert nasional.selisih(friday, friday) == 0
    assert nasional.selisih(monday, friday) == 0
    assert nasional.tambah(friday, 1) == monday
    assert nasional.tambah(friday, 0) == friday


def test_a_days_off_file_of_ones_own(tmp_path):
    path = tmp_path / "libur.yaml"
    path.write_text("hari_libur:\n  - {tanggal: 2017-03-13, nama: Uji}\n")
    kalender = Kalender(hari_kerja.baca_hari_libur(str(path)))
    assert not kalender.hari_kerja(D(2017, 3, 13))
    assert kalender.tambah(D(2017, 3, 10), 1) == D(2017, 3, 14)
