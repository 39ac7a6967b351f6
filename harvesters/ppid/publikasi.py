"""The registers published as open datasets, per PPID instance and year.

"Register Permohonan Informasi Publik <instansi> <tahun>" and "Register
Keberatan Informasi Publik <instansi> <tahun>", owned by the instance's
organisation, each with its rows as CSV (no personal data: the stored rows
hold none). Unchanged files and metadata are left alone.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from ckanext.bandaaceh.ekspor import publish_table
from ckanext.bandaaceh.loading import sync_dataset

from ckanext.bandaaceh_harvest.ppid import hari_kerja, kinerja, simpan
from ckanext.bandaaceh_harvest.ppid.model import FIELDS

# dataset extra: the day the deadline statuses (status_waktu) were computed
STATUS_PER = "status_per"
JUDUL = {"permohonan": "Register Permohonan Informasi Publik",
         "keberatan": "Register Keberatan Informasi Publik"}
DESKRIPSI = {
    "permohonan": (
        "Permohonan informasi publik yang diterima PPID {instansi} pada "
        "tahun {tahun} (UU 14/2008): tanggal, kategori pemohon, informasi "
        "yang diminta, SKPK penanggung jawab, keputusan, tanggal jawaban "
        "tertulis dan lama menjawab dalam hari kerja. Data pribadi pemohon "
        "tidak dimuat."),
    "keberatan": (
        "Keberatan atas permohonan informasi publik kepada PPID {instansi} "
        "pada tahun {tahun} (UU 14/2008 pasal 35): alasan keberatan dan "
        "tanggapan atasan PPID. Data pribadi pemohon tidak dimuat."),
}
KOLOM_CSV = {
    "permohonan": ["nomor"] + FIELDS["permohonan"] + [
        "hari_kerja", "batas_waktu", "status_waktu"],
    "keberatan": ["nomor"] + FIELDS["keberatan"],
}


def nama_dataset(register: str, instansi: str, tahun: int) -> str:
    return f"register-{register}-{instansi}-{tahun}"[:100]


def _tahun(register: str, row: dict[str, Any]) -> int:
    day = row["tanggal_diterima"] if register == "permohonan" else row[
        "tanggal"]
    return day.year


def _csv_rows(register: str, rows: list[dict[str, Any]],
              kalender: hari_kerja.Kalender,
              today: datetime.date) -> list[dict[str, Any]]:
    if register != "permohonan":
        return rows
    out = []
    for row in rows:
        waktu = kinerja.waktu_jawab(row, kalender, today)
        out.append(dict(row, hari_kerja=waktu.hari_kerja,
                        batas_waktu=waktu.batas,
                        perpanjangan="ya" if row["perpanjangan"] else
                        "tidak", status_waktu=waktu.status))
    return out


def _status_per(register: str, rows: list[dict[str, Any]],
                today: datetime.date) -> dict[str, str]:
    """The extra saying as of which day the deadline statuses of a request
    register hold: `today` while a request is unanswered (its status moves
    with the calendar), ``final`` once every request is answered."""
    if register != "permohonan":
        return {}
    open_ = any(r.get("tanggal_jawaban") is None for r in rows)
    return {STATUS_PER: today.isoformat() if open_ else "final"}


def terbitkan(instansi: str, nama_instansi: str, organisasi_id: str,
              today: datetime.date | None = None) -> list[str]:
    """Publish both registers of an instance; the names of the datasets
    that changed."""
    today = today or datetime.date.today()
    kalender = hari_kerja.kalender()
    changed = []
    for register in ("permohonan", "keberatan"):
        by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in simpan.baris(register, instansi):
            by_year[_tahun(register, row)].append(row)
        for tahun, rows in sorted(by_year.items()):
            name = nama_dataset(register, instansi, tahun)
            package, dataset_changed = sync_dataset({
                "name": name,
                "title": f"{JUDUL[register]} {nama_instansi} {tahun}",
                "notes": DESKRIPSI[register].format(instansi=nama_instansi,
                                                    tahun=tahun),
                "owner_org": organisasi_id,
                "license_id": "cc-by",
                "tags": [{"name": "ppid"}, {"name": "informasi publik"},
                         {"name": register}],
            }, dict({"frekuensi_pembaruan": "harian", "sumber": "ppid",
                     "register": register, "instansi": instansi,
                     "tahun": str(tahun)}, **_status_per(register, rows,
                                                          today)))
            file_changed = publish_table(
                package, f"{JUDUL[register]} {tahun}",
                _csv_rows(register, rows, kalender, today),
                KOLOM_CSV[register], f"{name}.csv",
                {"format": "CSV",
                 "description": f"{len(rows)} baris; diperbarui setiap "
                                "panen dari sistem PPID."})
            if dataset_changed or file_changed:
                changed.append(name)
    return changed
