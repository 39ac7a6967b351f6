"""The portal statistics page (``/statistik``) and its JSON."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, jsonify

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import statistik as angka
from ckanext.bandaaceh.unduhan import statistik as unduhan_statistik

statistik = Blueprint("bandaaceh_statistik", __name__)


def _ringkasan() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The statistics of the months asked (default: the last twelve); a
    bad month shows the default with the error."""
    errors: dict[str, list[str]] = {}
    try:
        awal, akhir = unduhan_statistik.rentang(tk.request.args.get("dari"),
                                                tk.request.args.get("sampai"))
    except tk.ValidationError as e:
        errors = e.error_dict
        awal, akhir = unduhan_statistik.rentang()
    return angka.ringkasan(awal, akhir), errors


def _json_aman(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block."""
    return json.dumps(data).replace("<", "\\u003c")


def halaman():
    hasil, errors = _ringkasan()
    return tk.render("statistik/index.html", {
        "hasil": hasil, "errors": errors, "data_json": _json_aman(hasil),
        "dari": tk.request.args.get("dari", hasil["dari"]),
        "sampai": tk.request.args.get("sampai", hasil["sampai"])})


def sebagai_json():
    hasil, errors = _ringkasan()
    if errors:
        response = jsonify({"error": errors})
        response.status_code = 400
        return response
    return jsonify(hasil)


statistik.add_url_rule("/statistik", view_func=halaman)
statistik.add_url_rule("/statistik.json", view_func=sebagai_json)
