"""API actions of the PPID registers (``bandaaceh_ppid_*``)."""
from __future__ import annotations

import datetime
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.bandaaceh_harvest.ppid import (
    hari_kerja, kinerja, permintaan, simpan)

KELOMPOK = ("instansi", "skpk")
# The request columns the measures read.
KOLOM_KINERJA = ("instansi", "nomor", "skpk", "tanggal_diterima",
                 "tanggal_jawaban", "perpanjangan", "keputusan")
PERIODE = ("tahun", "semester", "bulan")


def _pilihan(data_dict: dict[str, Any], key: str, allowed: tuple[str, ...],
             default: str) -> str:
    value = data_dict.get(key) or default
    if value not in allowed:
        raise tk.ValidationError({key: [
            f"Pilihan tidak dikenal: {value}. Pilihan: {', '.join(allowed)}"
        ]})
    return value


def _tahun(data_dict: dict[str, Any]) -> Optional[int]:
    value = data_dict.get("tahun")
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1900 <= year <= 9999:
        raise tk.ValidationError({"tahun": [
            "tahun harus berupa tahun empat angka, mis. 2017"]})
    return year


def _tanggal(data_dict: dict[str, Any]) -> datetime.date:
    value = data_dict.get("per_tanggal")
    if not value:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise tk.ValidationError({"per_tanggal": [
            "per_tanggal harus berformat TTTT-BB-HH, mis. 2017-12-31"]})


def _requests(data_dict: dict[str, Any],
              columns: Optional[tuple[str, ...]] = None
              ) -> list[dict[str, Any]]:
    year = _tahun(data_dict)
    rows = simpan.baris("permohonan", data_dict.get("instansi") or None,
                        columns)
    return [r for r in rows
            if (year is None or r["tanggal_diterima"].year == year)
            and (not data_dict.get("skpk") or r["skpk"] == data_dict["skpk"])]


@tk.side_effect_free
def bandaaceh_ppid_kinerja(context: Context,
                           data_dict: dict[str, Any]) -> dict[str, Any]:
    """How PPID answer information requests (UU 14/2008 deadlines).

    Per group and period: requests, decisions by outcome, median and p90
    working days to answer, answered within 10 working days, within 10 + 7
    with the extension, late (answered late or unanswered past the
    deadline), objections by ground and by the superior's answer.

    :param instansi: PPID instance code (optional; all instances)
    :param skpk: responsible SKPK (optional)
    :param tahun: year of receipt (optional)
    :param kelompok: ``instansi``, ``skpk`` or ``instansi,skpk`` (default)
    :param periode: ``tahun`` (default), ``semester`` or ``bulan``
    :param per_tanggal: reference date ``YYYY-MM-DD`` for unanswered
        requests (default today)
    :rtype: dictionary with ``baris`` (a list of groups) and the totals
    """
    tk.check_access("bandaaceh_ppid_kinerja", context, data_dict)
    kelompok = tuple(k for k in str(data_dict.get("kelompok")
                                    or "instansi,skpk").split(",") if k)
    for k in kelompok:
        if k not in KELOMPOK:
            raise tk.ValidationError({"kelompok": [
                f"Pilihan tidak dikenal: {k}. Pilihan: {', '.join(KELOMPOK)}"
            ]})
    periode = _pilihan(data_dict, "periode", PERIODE, "tahun")
    per_tanggal = _tanggal(data_dict)
    requests = _requests(data_dict, KOLOM_KINERJA)
    numbers = {(r["instansi"], r["nomor"]) for r in requests}
    objections = [o for o in simpan.baris("keberatan",
                                          data_dict.get("instansi") or None)
                  if (o["instansi"], o["nomor_permohonan"]) in numbers]
    calendar = hari_kerja.kalender()
    waktu = kinerja.semua_waktu(requests, calendar, per_tanggal)
    return {
        "per_tanggal": per_tanggal.isoformat(),
        "baris": kinerja.kinerja(requests, objections, calendar,
                                 per_tanggal, kelompok, periode, waktu),
        "total": dict(kinerja.ukuran_permohonan(requests, calendar,
                                                per_tanggal, waktu),
                      **kinerja.ukuran_keberatan(objections)),
    }


@tk.side_effect_free
def bandaaceh_ppid_permintaan(context: Context,
                              data_dict: dict[str, Any]) -> dict[str, Any]:
    """Demand signal: the portal datasets matching each request, and per
    SKPK the most requested topics no dataset answers (what to publish
    proactively next).

    :param instansi: PPID instance code (optional)
    :param skpk: responsible SKPK (optional)
    :param tahun: year of receipt (optional)
    :param batas: topics listed per SKPK (default 20, at most 100)
    :rtype: dictionary with ``permohonan`` and ``topik_tanpa_dataset``
    """
    tk.check_access("bandaaceh_ppid_permintaan", context, data_dict)
    try:
        batas = int(data_dict.get("batas") or 20)
    except (TypeError, ValueError):
        batas = 0
    if not 1 <= batas <= 100:
        raise tk.ValidationError({"batas": [
            "batas harus bilangan bulat 1 sampai 100"]})
    return permintaan.sinyal(_requests(data_dict), batas)


ACTIONS = {"bandaaceh_ppid_kinerja": bandaaceh_ppid_kinerja,
           "bandaaceh_ppid_permintaan": bandaaceh_ppid_permintaan}
