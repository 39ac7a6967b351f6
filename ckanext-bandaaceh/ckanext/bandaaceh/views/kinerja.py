"""The executive dashboard (``/dasbor``), its CSV, and the "Kinerja" tab of
organisation pages."""
from __future__ import annotations

import json
from typing import Any, Optional

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.ekspor import csv_bytes
from ckanext.bandaaceh.kinerja import kerangka, publikasi, rapor

kinerja = Blueprint("bandaaceh_kinerja", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name
            if tk.current_user.is_authenticated else ""}


def _semester_arg() -> tuple[Optional[str], dict[str, list[str]]]:
    """The semester asked in the query string, or the current one with an
    error to show when it cannot be read."""
    value = tk.request.args.get("semester") or None
    try:
        rapor.semester(value)
    except tk.ValidationError as e:
        return None, e.error_dict
    return value, {}


def _json_aman(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``<`` can
    close the element."""
    return json.dumps(data).replace("<", "\\u003c")


def _pilihan_semester(now: str, riwayat: list[dict[str, Any]]) -> list[str]:
    current = str(kerangka.semester_ini())
    found = {r["semester"] for r in riwayat} | {now, current}
    return sorted(found, reverse=True)


def _tren(riwayat: list[dict[str, Any]], hasil: dict[str, Any]
          ) -> list[dict[str, Any]]:
    """City figures per semester: the frozen ones, then the shown semester
    when it is live."""
    rows = [r for r in riwayat if r["semester"] != hasil["semester"]]
    rows.append({"semester": hasil["semester"],
                 "rerata_skor": hasil["kota"]["rerata_skor"],
                 "ukuran": hasil["kota"]["ukuran"]})
    rows.sort(key=lambda r: r["semester"])

    def ukuran(row, family, key):
        return (((row.get("ukuran") or {}).get(family) or {}).get(key)
                or {}).get("jumlah")
    return [{"semester": r["semester"], "rerata_skor": r["rerata_skor"],
             "dataset": ukuran(r, "opendata", "dataset"),
             "sumber_csv": ukuran(r, "opendata", "sumber_csv"),
             "unduhan": ukuran(r, "opendata", "unduhan"),
             "tanpa_berita": ukuran(r, "kehadiran", "tanpa_berita")}
            for r in rows]


def _pegi() -> dict[str, Any]:
    try:
        return tk.get_action("bandaaceh_pegi")(_context(), {})
    except (tk.ObjectNotFound, tk.ValidationError, OSError) as e:
        message = (e.error_summary if isinstance(e, tk.ValidationError)
                   else str(e) or tk._("Dataset PeGI tidak ditemukan"))
        return {"riwayat": [], "masalah": [message]}


def dasbor():
    semester, errors = _semester_arg()
    try:
        hasil = tk.get_action("bandaaceh_kinerja_kota")(
            _context(), {"semester": semester})
        riwayat = tk.get_action("bandaaceh_kinerja_riwayat")(
            _context(), {})["riwayat"]
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Dasbor kinerja hanya dapat dilihat "
                                  "pengguna yang berwenang"))
    except tk.ValidationError as e:
        return tk.abort(500, e.error_summary)
    proyeksi = tk.get_action("bandaaceh_aplikasi_statistik")(
        _context(), {})["proyeksi"]
    pegi = _pegi()
    tren = _tren(riwayat, hasil)
    grafik = {
        "tren": tren,
        "peringkat": [{"skpk": r["nama_skpk"], "skor": r["skor"]}
                      for r in hasil["skpk"]],
        "pegi": [{"tahun": r["tahun"], "rerata": r["rerata"]}
                 for r in pegi["riwayat"]],
        "proyeksi": {k: proyeksi[k] for k in ("kebutuhan", "terbangun",
                                              "sisa")},
    }
    return tk.render("kinerja/dasbor.html", {
        "hasil": hasil, "tren": tren, "pegi": pegi, "proyeksi": proyeksi,
        "errors": errors, "grafik_json": _json_aman(grafik),
        "pilihan_semester": _pilihan_semester(hasil["semester"], riwayat),
        "kpi": _kpi(hasil)})


def _jumlah(hasil: dict[str, Any], family: str, key: str) -> Any:
    return (((hasil["kota"]["ukuran"].get(family) or {}).get(key)) or {}
            ).get("jumlah")


def _rerata(hasil: dict[str, Any], family: str, key: str) -> Any:
    return (((hasil["kota"]["ukuran"].get(family) or {}).get(key)) or {}
            ).get("rerata")


def _kpi(hasil: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """The dashboard's headline figures (id, label, value); a family that
    is not installed shows none."""
    before = hasil.get("kota_sebelumnya") or {}
    out = [("skpk", tk._("SKPK dinilai"), hasil["kota"]["skpk"]),
           ("rerata-skor", tk._("Rerata skor kinerja"),
            hasil["kota"]["rerata_skor"]),
           ("rerata-skor-lalu", tk._("Rerata skor semester lalu"),
            before.get("rerata_skor"))]
    for family, key, label, mean in (
            ("opendata", "dataset", tk._("Dataset publik"), False),
            ("opendata", "sumber_csv", tk._("Sumber data CSV"), False),
            ("opendata", "unggahan_csv",
             tk._("CSV dibuat/diperbarui semester ini"), False),
            ("opendata", "unduhan", tk._("Unduhan data semester ini"),
             False),
            ("opendata", "persen_tepat_waktu",
             tk._("Rerata dataset diperbarui tepat waktu (%)"), True),
            ("kehadiran", "tanpa_berita", tk._("SKPK tanpa berita"), False),
            ("berkala", "persen_berkala",
             tk._("Rerata pemenuhan informasi berkala (%)"), True),
            ("aplikasi", "aplikasi", tk._("Aplikasi terdaftar"), False),
            ("ppid", "persen_tepat_waktu",
             tk._("Rerata permohonan dijawab tepat waktu (%)"), True)):
        if family in hasil["kota"]["ukuran"]:
            value = (_rerata if mean else _jumlah)(hasil, family, key)
            if isinstance(value, float) and value.is_integer() and not mean:
                value = int(value)
            out.append((f"{family}-{key}".replace("_", "-"), label, value))
    return out


def dasbor_csv():
    semester, errors = _semester_arg()
    if errors:
        return Response("; ".join(errors["semester"]) + "\n", status=400,
                        mimetype="text/plain")
    try:
        hasil = tk.get_action("bandaaceh_kinerja_kota")(
            _context(), {"semester": semester})
    except tk.NotAuthorized:
        return tk.abort(403)
    rows, columns = publikasi.baris(hasil)
    return Response(csv_bytes(rows, columns), mimetype="text/csv", headers={
        "Content-Disposition":
            f"attachment; filename=rapor-kinerja-skpk-{hasil['semester']}"
            ".csv".lower()})


def skpk(id: str):
    """The organisation's Kinerja tab."""
    semester, errors = _semester_arg()
    try:
        group_dict = tk.get_action("organization_show")(
            _context(), {"id": id, "include_datasets": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Organisasi tidak ditemukan"))
    try:
        kartu = tk.get_action("bandaaceh_kinerja_skpk")(
            _context(), {"id": group_dict["name"], "semester": semester})
        riwayat = tk.get_action("bandaaceh_kinerja_riwayat")(
            _context(), {"id": group_dict["name"]})["riwayat"]
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Dasbor kinerja hanya dapat dilihat "
                                  "pengguna yang berwenang"))
    except tk.ObjectNotFound:
        kartu, riwayat = None, []
    return tk.render("organization/kinerja.html", {
        "group_dict": group_dict, "group_type": "organization",
        "am_following": False, "kartu": kartu, "riwayat": riwayat,
        "errors": errors,
        "pilihan_semester": _pilihan_semester(
            kartu["semester"] if kartu else str(kerangka.semester_ini()),
            riwayat)})


kinerja.add_url_rule("/dasbor", view_func=dasbor)
kinerja.add_url_rule("/dasbor/rapor.csv", view_func=dasbor_csv)
kinerja.add_url_rule("/organization/kinerja/<id>", view_func=skpk)
