"""The web-presence page and its CSV export."""
from __future__ import annotations

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.ekspor import csv_bytes

berita = Blueprint("bandaaceh_berita", __name__)

KOLOM_CSV = ("unit", "nama_unit", "jenis", "situs", "wpmu",
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
    return tk.render("berita/kehadiran.html",
                     {"data": data, "errors": errors, "params": _params()})


def ekspor_csv():
    try:
        data = tk.get_action("bandaaceh_berita_kehadiran")({}, _params())
    except tk.ValidationError as e:
        text = "\n".join(f"{k}: {'; '.join(v)}"
                         for k, v in e.error_dict.items())
        return Response(text + "\n", status=400, mimetype="text/plain")
    return Response(csv_bytes(data["unit"], KOLOM_CSV), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename="
                             f"kehadiran-web-{data['semester']}.csv"})


berita.add_url_rule("/berita/kehadiran", view_func=halaman)
berita.add_url_rule("/berita/kehadiran.csv", view_func=ekspor_csv)
