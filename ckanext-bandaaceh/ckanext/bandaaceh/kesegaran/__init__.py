"""Continuity (kesegaran) of datasets: is the data updated as often as its
SKPK declared?

Pure functions over dates and the thresholds of ``data/kesegaran.yaml``
(HDX's rule: due after the period, overdue after the period plus a margin,
delinquent after a larger margin), so other modules (the scorecard) can
rate datasets without the database. ``kesegaran.data`` reads the datasets.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Any, Iterable, Optional

TEPAT_WAKTU = "tepat_waktu"
JATUH_TEMPO = "jatuh_tempo"
TERLAMBAT = "terlambat"
MENUNGGAK = "menunggak"
TIDAK_DINILAI = "tidak_dinilai"
# from best to worst
STATUS = (TEPAT_WAKTU, JATUH_TEMPO, TERLAMBAT, MENUNGGAK)
LABEL = {
    TEPAT_WAKTU: "Tepat waktu",
    JATUH_TEMPO: "Jatuh tempo",
    TERLAMBAT: "Terlambat",
    MENUNGGAK: "Menunggak",
    TIDAK_DINILAI: "Tidak dinilai (frekuensi tidak tentu)",
}
# the frequency of a dataset without (or with an empty) declaration
TIDAK_TENTU = "tidak_tentu"


@dataclasses.dataclass(frozen=True)
class Ambang:
    """Ages (days since the last update) from which a dataset is due,
    overdue and delinquent."""
    jatuh_tempo: int
    terlambat: int
    menunggak: int

    def status(self, umur: int) -> str:
        if umur >= self.menunggak:
            return MENUNGGAK
        if umur >= self.terlambat:
            return TERLAMBAT
        if umur >= self.jatuh_tempo:
            return JATUH_TEMPO
        return TEPAT_WAKTU


def baca_ambang(data: dict[str, Any], source: str = "kesegaran.yaml"
                ) -> dict[str, Ambang]:
    """Thresholds per frequency code from the parsed data file; raises
    ValueError naming the entry that is wrong."""
    tabel = {}
    for kode, nilai in ((data or {}).get("ambang") or {}).items():
        try:
            ambang = Ambang(int(nilai["jatuh_tempo"]), int(nilai["terlambat"]),
                            int(nilai["menunggak"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{source}: ambang {kode!r} is incomplete ({e})")
        if not 0 < ambang.jatuh_tempo <= ambang.terlambat <= ambang.menunggak:
            raise ValueError(f"{source}: ambang {kode!r} must satisfy "
                             "0 < jatuh_tempo <= terlambat <= menunggak")
        tabel[kode] = ambang
    if not tabel:
        raise ValueError(f"{source} lists no ambang")
    return tabel


def kode_frekuensi(value: Optional[str]) -> str:
    """The declared frequency code; empty means not fixed."""
    return (value or "").strip() or TIDAK_TENTU


def nilai(frekuensi: Optional[str], terakhir: datetime.date,
          hari_ini: datetime.date, ambang: dict[str, Ambang]
          ) -> dict[str, Any]:
    """The continuity of one dataset last updated on `terakhir`: its age,
    due date, the dates it turns overdue and delinquent, and its status."""
    kode = kode_frekuensi(frekuensi)
    umur = (hari_ini - terakhir).days
    hasil: dict[str, Any] = {
        "frekuensi": kode, "terakhir_diperbarui": terakhir.isoformat(),
        "umur_hari": umur, "jatuh_tempo": None, "terlambat_sejak": None,
        "menunggak_sejak": None, "status": TIDAK_DINILAI}
    batas = ambang.get(kode)
    if batas is None:
        return hasil
    hasil.update(
        jatuh_tempo=(terakhir + datetime.timedelta(
            days=batas.jatuh_tempo)).isoformat(),
        terlambat_sejak=(terakhir + datetime.timedelta(
            days=batas.terlambat)).isoformat(),
        menunggak_sejak=(terakhir + datetime.timedelta(
            days=batas.menunggak)).isoformat(),
        status=batas.status(umur))
    return hasil


def ringkas(hasil: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Counts per status and the share of rated datasets on time (None
    when no dataset is rated)."""
    jumlah = {s: 0 for s in STATUS + (TIDAK_DINILAI,)}
    for h in hasil:
        jumlah[h["status"]] += 1
    dinilai = sum(jumlah[s] for s in STATUS)
    return {
        "dataset": dinilai + jumlah[TIDAK_DINILAI], "dinilai": dinilai,
        "jumlah": jumlah,
        "persen_tepat_waktu": (round(100.0 * jumlah[TEPAT_WAKTU] / dinilai, 1)
                               if dinilai else None)}
