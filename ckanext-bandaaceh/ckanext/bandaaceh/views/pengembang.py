"""The developer page (``/pengembang``, ``/en/pengembang``) and the OpenAPI
description of our actions (``/api/openapi.json``)."""
from __future__ import annotations

from flask import Blueprint, jsonify

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import pengembang as dokumen

pengembang = Blueprint("bandaaceh_pengembang", __name__)
BAHASA = ("id", "en")


@pengembang.route("/pengembang")
def halaman():
    # CKAN's locale prefix (/en/pengembang) sets the language; ?lang= is
    # kept for links shared without the prefix.
    bahasa = tk.request.args.get("lang")
    if bahasa not in BAHASA:
        bahasa = "en" if tk.h.lang().startswith("en") else "id"
    return tk.render("pengembang/index.html", {
        "bahasa": bahasa,
        "aksi": dokumen.aksi(),
        "batas": dokumen.batas(),
        "situs": tk.config["ckan.site_url"].rstrip("/"),
        "datastore": p.plugin_loaded("datastore"),
    })


@pengembang.route("/api/openapi.json")
def openapi_json():
    return jsonify(dokumen.openapi())
