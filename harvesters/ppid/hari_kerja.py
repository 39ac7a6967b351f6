"""Working days of public bodies: deadlines of information requests.

UU 14/2008 counts the answer time of a request in working days (10, plus
one extension of 7). Weekends, Indonesia's national holidays and the
collective leave days decreed each year (cuti bersama; both from the
``holidays`` library: its ``public`` and ``government`` categories) and the
days listed in a data file (Aceh's and the city's own days off) are not
working days.
"""
from __future__ import annotations

import bisect
import datetime
import functools
import os
from typing import Iterable, Optional

import holidays
import yaml

DEFAULT_FILE = os.path.join(os.path.dirname(__file__), "data",
                            "hari_libur_daerah.yaml")
BATAS_JAWAB = 10       # working days to answer a request (art. 22(7))
PERPANJANGAN = 7       # one extension (art. 22(8))


class Kalender:
    """Which days are working days. Working days are numbered per year on
    first use, so counting and adding are lookups, not day-by-day walks."""

    def __init__(self, hari_libur: Iterable[datetime.date] = ()):
        self.hari_libur = frozenset(hari_libur)
        # `government`: the cuti bersama of the ministers' joint decrees
        self._nasional = holidays.country_holidays(
            "ID", categories=("public", "government"))
        # ordinals of the working days, sorted, for the years numbered
        self._ordinals: list[int] = []
        self._years: set[int] = set()

    def hari_kerja(self, day: datetime.date) -> bool:
        return (day.weekday() < 5 and day not in self.hari_libur
                and day not in self._nasional)

    def _number(self, first: int, last: int) -> None:
        if first in self._years and last in self._years:
            return  # years are numbered in contiguous ranges
        for year in range(min(first, *self._years or [first]),
                          max(last, *self._years or [last]) + 1):
            if year in self._years:
                continue
            day = datetime.date(year, 1, 1)
            while day.year == year:
                if self.hari_kerja(day):
                    self._ordinals.append(day.toordinal())
                day += datetime.timedelta(days=1)
            self._years.add(year)
        self._ordinals.sort()

    def _rank(self, day: datetime.date) -> int:
        """How many numbered working days fall on or before `day`."""
        return bisect.bisect_right(self._ordinals, day.toordinal())

    def tambah(self, start: datetime.date, n: int) -> datetime.date:
        """The `n`-th working day after `start` (the deadline of a period
        of `n` working days that starts the day after `start`)."""
        if n <= 0:
            return start
        # n working days fit in well under a year past the start
        self._number(start.year, start.year + 1 + n // 200)
        return datetime.date.fromordinal(
            self._ordinals[self._rank(start) + n - 1])

    def selisih(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when
        `end` is not after `start`)."""
        if end <= start:
            return 0
        self._number(start.year, end.year)
        return self._rank(end) - self._rank(start)


def baca_hari_libur(path: str = DEFAULT_FILE) -> list[datetime.date]:
    """The dates of a days-off file (``hari_libur: [{tanggal, nama}]``)."""
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    days = []
    for entry in data.get("hari_libur") or []:
        value = entry["tanggal"]
        days.append(value if isinstance(value, datetime.date)
                    else datetime.date.fromisoformat(str(value)))
    return days


@functools.lru_cache(maxsize=4)
def _kalender(path: str) -> Kalender:
    return Kalender(baca_hari_libur(path))


def kalender(path: Optional[str] = None) -> Kalender:
    """The calendar of the configured days-off file (cached per file)."""
    if path is None:
        import ckan.plugins.toolkit as tk
        path = tk.config.get("ckanext.bandaaceh_harvest.ppid.hari_libur") \
            or DEFAULT_FILE
    return _kalender(path)
