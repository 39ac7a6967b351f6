"""Web presence: how each unit's website publishes news, per semester.

The seed's measures (INONG "Alat Ukur"): news quantity, news continuity
(months with news, longest gap), and the web-presence progress of the city
(units with a website, share on WordPress Multisite, units without news in
a semester, with the percentage to two decimals as the seed reports it:
16 of 41 = 39.02%).

A unit is the organisation owning a news harvest source; an item counts in
the semester of its publication date in WIB (items whose date could not be
read do not count).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any, Iterable, Optional

import sqlalchemy as sa

import ckan.model as model

from ckanext.bandaaceh_harvest.berita.model import item, situs

WIB = dt.timedelta(hours=7)


@dataclasses.dataclass(frozen=True)
class Semester:
    tahun: int
    ke: int  # 1: January-June, 2: July-December

    @classmethod
    def of(cls, day: dt.date) -> "Semester":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, text: str) -> "Semester":
        """``2016-S1`` / ``2016-1``; ValueError (Indonesian) otherwise."""
        try:
            year, half = str(text).upper().replace("S", "").split("-")
            semester = cls(int(year), int(half))
        except ValueError:
            raise ValueError(f"Semester tidak dikenal: {text}. Tulis "
                             "mis. 2016-S1 atau 2016-S2")
        if semester.ke not in (1, 2) or not 1990 <= semester.tahun <= 9999:
            raise ValueError(f"Semester tidak dikenal: {text}. Tulis "
                             "mis. 2016-S1 atau 2016-S2")
        return semester

    @property
    def awal(self) -> dt.date:
        return dt.date(self.tahun, 1 if self.ke == 1 else 7, 1)

    @property
    def akhir(self) -> dt.date:
        return (dt.date(self.tahun, 6, 30) if self.ke == 1
                else dt.date(self.tahun, 12, 31))

    def __str__(self) -> str:
        return f"{self.tahun}-S{self.ke}"


def _persen(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def jeda_terpanjang(days: list[dt.date], semester: Semester) -> int:
    """Longest run of days without news in the semester, counting from its
    first day and to its last day."""
    marks = [semester.awal - dt.timedelta(days=1), *sorted(set(days)),
             semester.akhir + dt.timedelta(days=1)]
    return max((b - a).days - 1 for a, b in zip(marks, marks[1:]))


def ukuran_unit(days: Iterable[dt.date], semester: Semester
                ) -> dict[str, Any]:
    """The measures of one unit from the publication days of its news."""
    inside = [d for d in days if semester.awal <= d <= semester.akhir]
    return {
        "jumlah_berita": len(inside),
        "bulan_dengan_berita": len({d.month for d in inside}),
        "jeda_terpanjang_hari": jeda_terpanjang(inside, semester),
        "tanpa_berita": not inside,
    }


def ukuran_kota(units: list[dict[str, Any]],
                tanpa_website: int = 0) -> dict[str, Any]:
    """City-wide web presence over the rows of units with a website;
    ``tanpa_website`` counts the units that have none (they are not part of
    the percentages, as in the seed's reports)."""
    total = len(units)
    wpmu = sum(1 for u in units if u["wpmu"])
    silent = sum(1 for u in units if u["tanpa_berita"])
    return {
        "unit_dengan_website": total,
        "unit_tanpa_website": tanpa_website,
        "wpmu": wpmu,
        "persen_wpmu": _persen(wpmu, total),
        "tanpa_berita": silent,
        "persen_tanpa_berita": _persen(silent, total),
        "jumlah_berita": sum(u["jumlah_berita"] for u in units),
    }


def _sites() -> list[dict[str, Any]]:
    """Websites of active harvest sources with their owning unit."""
    Package, Group = model.Package, model.Group
    rows = model.Session.execute(
        sa.select(situs.c.id, situs.c.url, situs.c.wpmu, Group.name)
        .join(Package, Package.id == situs.c.harvest_source_id)
        .join(Group, Group.id == Package.owner_org)
        .where(Package.state == model.State.ACTIVE)
        .order_by(Group.name, situs.c.url)).all()
    return [{"situs_id": r[0], "situs": r[1], "wpmu": bool(r[2]),
             "unit": r[3]} for r in rows]


def _units() -> list[dict[str, Any]]:
    """Every active organisation (SKPK, gampong, dayah) with its kind."""
    Group = model.Group
    rows = model.Session.execute(
        sa.select(Group.name, Group.title, Group.extras)
        .where(Group.is_organization.is_(True),
               Group.state == model.State.ACTIVE)
        .order_by(Group.name)).all()
    return [{"unit": r[0], "nama_unit": r[1],
             "jenis": (r[2] or {}).get("jenis", "")} for r in rows]


def _days(first: dt.date, last: dt.date) -> dict[str, list[dt.date]]:
    start = dt.datetime.combine(first, dt.time()) - WIB
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time()) - WIB
    rows = model.Session.execute(
        sa.select(item.c.situs_id, item.c.published_at)
        .where(item.c.date_ok.is_(True), item.c.published_at >= start,
               item.c.published_at < end))
    days: dict[str, list[dt.date]] = defaultdict(list)
    for situs_id, published in rows:
        days[situs_id].append((published + WIB).date())
    return days


def kehadiran(semester: Semester, jenis: Optional[str] = None
              ) -> dict[str, Any]:
    """Per unit and city-wide web presence in one semester.

    ``unit``: one row per unit with a harvested website; a unit with
    several websites is measured over the news of all of them (``situs``
    lists them, space separated). ``unit_tanpa_website``: the units (of
    ``jenis``) that have none, with ``punya_website`` false."""
    days = _days(semester.awal, semester.akhir)
    sites: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for site in _sites():
        sites[site["unit"]].append(site)
    units, without = [], []
    for unit in _units():
        if jenis and unit["jenis"] != jenis:
            continue
        own = sites.get(unit["unit"])
        if not own:
            without.append(dict(unit, situs="", wpmu=False,
                                punya_website=False))
            continue
        published = [d for site in own for d in days.get(site["situs_id"],
                                                         [])]
        units.append(dict(
            unit, situs=" ".join(site["situs"] for site in own),
            wpmu=any(site["wpmu"] for site in own), punya_website=True,
            **ukuran_unit(published, semester)))
    return {"semester": str(semester), "unit": units,
            "unit_tanpa_website": without,
            "kota": ukuran_kota(units, len(without))}


def tren(semesters: list[Semester]) -> list[dict[str, Any]]:
    """The city-wide figures of several semesters, oldest first."""
    return [dict(semester=str(s), **kehadiran(s)["kota"])
            for s in sorted(semesters, key=lambda s: (s.tahun, s.ke))]
