"""How PPID answer requests: the statutory-deadline measures.

A request is answered on time within 10 working days of its receipt, or
within 10 + 7 when the one extension was used (UU 14/2008 art. 22). A
request without a written answer whose deadline has passed counts as late.
Shares are of the requests that are due: answered, or unanswered past their
deadline on the reference date.
"""
from __future__ import annotations

import dataclasses
import datetime
import math
import statistics
from collections import Counter
from typing import Any, Iterable, Optional

from ckanext.bandaaceh_harvest.ppid.hari_kerja import (
    BATAS_JAWAB, PERPANJANGAN, Kalender)
from ckanext.bandaaceh_harvest.ppid.register import (
    ALASAN_KEBERATAN, KEPUTUSAN, TANGGAPAN_ATASAN)


def persentil(values: list[int], p: float) -> Optional[float]:
    """Nearest-rank percentile (p in 0..100) of `values`; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return float(ordered[rank - 1])


def _persen(part: int, whole: int) -> Optional[float]:
    return round(100.0 * part / whole, 2) if whole else None


@dataclasses.dataclass(frozen=True)
class Waktu:
    """The answer time of one request."""
    hari_kerja: Optional[int]      # working days to the answer (None: none)
    batas: datetime.date           # last day allowed (with any extension)
    status: str                    # dalam_10, dalam_17, terlambat,
    #                                belum_jatuh_tempo, belum_dijawab_lewat


def waktu_jawab(permohonan: dict[str, Any], kalender: Kalender,
                per_tanggal: datetime.date) -> Waktu:
    received = permohonan["tanggal_diterima"]
    answered = permohonan.get("tanggal_jawaban")
    allowed = BATAS_JAWAB + (PERPANJANGAN if permohonan.get("perpanjangan")
                             else 0)
    deadline = kalender.tambah(received, allowed)
    if answered is None:
        status = ("belum_jatuh_tempo" if per_tanggal <= deadline
                  else "belum_dijawab_lewat")
        return Waktu(None, deadline, status)
    days = kalender.selisih(received, answered)
    if days <= BATAS_JAWAB:
        status = "dalam_10"
    elif days <= allowed:
        status = "dalam_17"
    else:
        status = "terlambat"
    return Waktu(days, deadline, status)


def ukuran_permohonan(requests: Iterable[dict[str, Any]], kalender: Kalender,
                      per_tanggal: datetime.date,
                      waktu: Optional[dict[int, Waktu]] = None
                      ) -> dict[str, Any]:
    """The measures of a group of requests (`waktu`: answer times already
    computed, by ``id()`` of the request)."""
    requests = list(requests)
    times = [waktu[id(r)] if waktu is not None
             else waktu_jawab(r, kalender, per_tanggal) for r in requests]
    status = Counter(t.status for t in times)
    days = [t.hari_kerja for t in times if t.hari_kerja is not None]
    due = len(days) + status["belum_dijawab_lewat"]
    keputusan = Counter(r.get("keputusan") or "belum_diputus"
                        for r in requests)
    return {
        "permohonan": len(requests),
        "keputusan": dict({k: keputusan[k] for k in KEPUTUSAN},
                          belum_diputus=keputusan["belum_diputus"]),
        "dijawab": len(days),
        "median_hari_kerja": statistics.median(days) if days else None,
        "p90_hari_kerja": persentil(days, 90),
        "dalam_10_hari": status["dalam_10"],
        "dalam_17_hari_dengan_perpanjangan": status["dalam_17"],
        "terlambat": status["terlambat"] + status["belum_dijawab_lewat"],
        "belum_jatuh_tempo": status["belum_jatuh_tempo"],
        "jatuh_tempo": due,
        "persen_dalam_10_hari": _persen(status["dalam_10"], due),
        "persen_tepat_waktu": _persen(
            status["dalam_10"] + status["dalam_17"], due),
        "persen_terlambat": _persen(
            status["terlambat"] + status["belum_dijawab_lewat"], due),
    }


def ukuran_keberatan(objections: Iterable[dict[str, Any]]) -> dict[str, Any]:
    objections = list(objections)
    alasan = Counter(o.get("alasan") for o in objections)
    tanggapan = Counter(o.get("tanggapan_atasan") or "belum_ditanggapi"
                        for o in objections)
    return {
        "keberatan": len(objections),
        "alasan": {k: alasan[k] for k in ALASAN_KEBERATAN},
        "tanggapan_atasan": dict(
            {k: tanggapan[k] for k in TANGGAPAN_ATASAN},
            belum_ditanggapi=tanggapan["belum_ditanggapi"]),
    }


def periode(day: datetime.date, jenis: str) -> str:
    """The period a date falls in: ``2017`` (tahun), ``2017-S1``/``-S2``
    (semester), ``2017-07`` (bulan)."""
    if jenis == "tahun":
        return str(day.year)
    if jenis == "semester":
        return f"{day.year}-S{1 if day.month <= 6 else 2}"
    if jenis == "bulan":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(jenis)


def semua_waktu(requests: list[dict[str, Any]], kalender: Kalender,
                per_tanggal: datetime.date) -> dict[int, Waktu]:
    """The answer time of every request, by ``id()`` of the request."""
    return {id(r): waktu_jawab(r, kalender, per_tanggal) for r in requests}


def kinerja(requests: Iterable[dict[str, Any]],
            objections: Iterable[dict[str, Any]], kalender: Kalender,
            per_tanggal: datetime.date, kelompok: tuple[str, ...] = (),
            jenis_periode: str = "tahun",
            waktu: Optional[dict[int, Waktu]] = None
            ) -> list[dict[str, Any]]:
    """Measures per group: `kelompok` names request fields to group by
    (``instansi``, ``skpk``) and the period of receipt is always one.
    Objections count in the group of the request they concern."""
    requests = list(requests)
    if waktu is None:
        waktu = semua_waktu(requests, kalender, per_tanggal)
    by_number = {(r.get("instansi"), r["nomor"]): r for r in requests}
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in requests:
        key = tuple(r.get(k) or "" for k in kelompok) + (
            periode(r["tanggal_diterima"], jenis_periode),)
        groups.setdefault(key, []).append(r)
    objections_by_group: dict[tuple, list[dict[str, Any]]] = {}
    for o in objections:
        request = by_number.get((o.get("instansi"), o["nomor_permohonan"]))
        if request is None:
            continue
        key = tuple(request.get(k) or "" for k in kelompok) + (
            periode(request["tanggal_diterima"], jenis_periode),)
        objections_by_group.setdefault(key, []).append(o)
    rows = []
    for key in sorted(groups):
        row = dict(zip(kelompok + ("periode",), key))
        row.update(ukuran_permohonan(groups[key], kalender, per_tanggal,
                                     waktu))
        row.update(ukuran_keberatan(objections_by_group.get(key, [])))
        rows.append(row)
    return rows
