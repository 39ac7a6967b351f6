"""The web-presence page and its CSV export."""
from __future__ import annotations

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.ekspor import csv_bytes

berita = Blueprint("bandaaceh_berita", __name__)

KOLOM_CSV = ("unit", "nama_unit", "jenis", "punya_website", "situs", "wpmu",
             "jumlah_berita", "bulan_dengan_berita", "jeda_terpanjang_hari",
             "tanpa_berita")


def _params() -> dict[str, str]:
    return {k: tk.request.args[k] for k in ("semester", "jenis")
            if tk.request.args.get(k)}


def halaman():
    errors = {}
    try:
        data = tk.get_action("bandaaceh_berita_kehadiran")({}, _params())
    except tk.ValidationError as e:
        errors = e.error_dict
        data = tk.get_action("bandaaceh_berita_kehadiran")({}, {})
    semester = data["semester"]
    # the trend of the last two years up to the semester shown
    tren = tk.get_action("bandaaceh_berita_tren")({}, {
        "dari": _semester_lalu(semester, TREN_SEMESTER - 1),
        "sampai": semester})
    return tk.render("berita/kehadiran.html",
                     {"data": data, "errors": errors, "params": _params(),
                      "tren": tren})


TREN_SEMESTER = 4


def _semester_lalu(semester: str, n: int) -> str:
    year, half = (int(x) for x in semester.split("-S"))
    index = year * 2 + half - 1 - n
    return f"{index // 2}-S{index % 2 + 1}"


def ekspor_csv():
    try:
        data = tk.get_action("bandaaceh_berita_kehadiran")({}, _params())
    except tk.ValidationError as e:
        text = "\n".join(f"{k}: {'; '.join(v)}"
                         for k, v in e.error_dict.items())
        return Response(text + "\n", status=400, mimetype="text/plain")
    rows = data["unit"] + data["unit_tanpa_website"]
    return Response(csv_bytes(rows, KOLOM_CSV), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename="
                             f"kehadiran-web-{data['semester']}.csv"})


berita.add_url_rule("/berita/kehadiran", view_func=halaman)
berita.add_url_rule("/berita/kehadiran.csv", view_func=ekspor_csv)
