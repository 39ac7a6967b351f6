"""PPID: of the information requests the SKPK received in the semester,
the share answered within the deadline (10 working days, 17 with the
extension) among those due, and the objections raised against them. The
city's register only (``ppid_instansi`` of the weights file)."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p

from ckanext.bandaaceh.kinerja.kerangka import Keluarga, Periode

KOLOM = ("instansi", "nomor", "skpk", "tanggal_diterima", "tanggal_jawaban",
         "perpanjangan", "keputusan")


def tersedia() -> bool:
    return p.plugin_loaded("bandaaceh_ppid")


def _baris(register: str, columns: tuple[str, ...],
           instansi: Optional[str], *where: Any) -> list[dict[str, Any]]:
    """The rows of a register (of one instance) that ``where`` selects:
    the semester's only, not the whole register's history."""
    from ckanext.bandaaceh_harvest.ppid.model import TABEL

    table = TABEL[register]
    query = sa.select(*(table.c[c] for c in columns)).where(*(
        w(table) for w in where))
    if instansi is not None:
        query = query.where(table.c.instansi == instansi)
    return [dict(r) for r in model.Session.execute(query).mappings()]


def hitung(periode: Periode) -> dict[str, dict[str, Any]]:
    from ckanext.bandaaceh_harvest.ppid import hari_kerja, kinerja

    instansi = periode.pengaturan.get("ppid_instansi") or None
    semester = periode.semester
    requests = _baris("permohonan", KOLOM, instansi, lambda t: t.c[
        "tanggal_diterima"].between(semester.awal, semester.akhir))
    # the objections against those requests (matched by number below)
    numbers = sorted({r["nomor"] for r in requests})
    objections = _baris(
        "keberatan", ("instansi", "nomor", "nomor_permohonan", "tanggal",
                      "alasan", "tanggapan_atasan", "tanggal_tanggapan"),
        instansi, lambda t: t.c["nomor_permohonan"].in_(numbers))
    rows = kinerja.kinerja(requests, objections, hari_kerja.kalender(),
                           periode.per_tanggal, kelompok=("skpk",),
                           jenis_periode="semester")
    out = {}
    for row in rows:
        out[row["skpk"]] = {
            "permohonan": row["permohonan"],
            "jatuh_tempo": row["jatuh_tempo"],
            "terlambat": row["terlambat"],
            "persen_tepat_waktu": row["persen_tepat_waktu"],
            "keberatan": row["keberatan"]}
    for name in periode.skpk:
        # no request: nothing to judge (left out of the score rather than
        # rewarded for objections nobody could raise)
        out.setdefault(name, {"permohonan": 0, "jatuh_tempo": 0,
                              "terlambat": 0, "persen_tepat_waktu": None,
                              "keberatan": None})
    return out


KELUARGA = Keluarga(
    kunci="ppid", judul="PPID",
    ukuran={"persen_tepat_waktu": "Persen dijawab tepat waktu",
            "keberatan": "Keberatan",
            "permohonan": "Permohonan diterima",
            "jatuh_tempo": "Permohonan jatuh tempo",
            "terlambat": "Terlambat"},
    hitung=hitung, tersedia=tersedia)
