"""The PPID measures page and its CSV export."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.ekspor import csv_bytes
from ckanext.bandaaceh_harvest.ppid.register import (
    ALASAN_KEBERATAN, KEPUTUSAN, TANGGAPAN_ATASAN)

ppid = Blueprint("bandaaceh_ppid", __name__)

PARAMS = ("instansi", "skpk", "tahun", "periode", "kelompok", "per_tanggal")
KOLOM_CSV = ("instansi", "skpk", "periode", "permohonan", "dijawab",
             "median_hari_kerja", "p90_hari_kerja", "dalam_10_hari",
             "dalam_17_hari_dengan_perpanjangan", "terlambat",
             "belum_jatuh_tempo", "persen_dalam_10_hari",
             "persen_tepat_waktu", "persen_terlambat", "keberatan")
# the nested counts of a row (decisions, objection grounds, the superior's
# responses) as flat columns: `<measure>_<value>`
BERTINGKAT = (
    ("keputusan", tuple(KEPUTUSAN) + ("belum_diputus",)),
    ("alasan", tuple(ALASAN_KEBERATAN)),
    ("tanggapan_atasan", tuple(TANGGAPAN_ATASAN) + ("belum_ditanggapi",)),
)
KOLOM_BERTINGKAT = tuple(f"{measure}_{value}" for measure, values
                         in BERTINGKAT for value in values)


def baris_datar(row: dict[str, Any]) -> dict[str, Any]:
    """A measures row with its nested counts as flat columns."""
    out = dict(row)
    for measure, values in BERTINGKAT:
        counts = row.get(measure) or {}
        for value in values:
            out[f"{measure}_{value}"] = counts.get(value, 0)
    return out


def _params() -> dict[str, Any]:
    return {k: tk.request.args[k] for k in PARAMS if tk.request.args.get(k)}


def _error_text(e: tk.ValidationError) -> str:
    return "\n".join(f"{field}: {'; '.join(messages)}"
                     for field, messages in e.error_dict.items())


def halaman():
    params = _params()
    errors: dict[str, Any] = {}
    try:
        kinerja = tk.get_action("bandaaceh_ppid_kinerja")({}, params)
        permintaan = tk.get_action("bandaaceh_ppid_permintaan")(
            {}, {k: v for k, v in params.items()
                 if k in ("instansi", "skpk", "tahun")})
    except tk.ValidationError as e:
        errors = e.error_dict
        kinerja = tk.get_action("bandaaceh_ppid_kinerja")({}, {})
        permintaan = tk.get_action("bandaaceh_ppid_permintaan")({}, {})
    return tk.render("ppid/kinerja.html", {
        "kinerja": kinerja, "permintaan": permintaan, "errors": errors,
        "params": params, "keputusan": BERTINGKAT[0][1],
        "alasan": BERTINGKAT[1][1], "tanggapan": BERTINGKAT[2][1]})


def ekspor_csv():
    try:
        kinerja = tk.get_action("bandaaceh_ppid_kinerja")({}, _params())
    except tk.ValidationError as e:
        return Response(_error_text(e) + "\n", status=400,
                        mimetype="text/plain")
    rows = [baris_datar(r) for r in kinerja["baris"]]
    return Response(csv_bytes(rows, KOLOM_CSV + KOLOM_BERTINGKAT),
                    mimetype="text/csv", headers={
                        "Content-Disposition":
                            "attachment; filename=kinerja-ppid.csv"})


ppid.add_url_rule("/ppid", view_func=halaman)
ppid.add_url_rule("/ppid/kinerja.csv", view_func=ekspor_csv)
