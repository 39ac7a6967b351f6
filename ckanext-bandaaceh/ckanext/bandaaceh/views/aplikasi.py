"""Pages of the app and service registry: statistics and their exports."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.aplikasi import izin, statistik
from ckanext.bandaaceh.ekspor import csv_bytes

aplikasi = Blueprint("bandaaceh_aplikasi", __name__)


def _stats() -> dict[str, Any]:
    """The statistics for the window asked in the query string; errors
    (a bad year) are raised as ValidationError for the caller to show."""
    return tk.get_action("bandaaceh_aplikasi_statistik")(
        {}, {"tahun_awal": tk.request.args.get("tahun_awal"),
             "tahun_akhir": tk.request.args.get("tahun_akhir")})


def statistik_page():
    errors: dict[str, Any] = {}
    try:
        stats = _stats()
    except tk.ValidationError as e:
        errors = e.error_dict
        stats = tk.get_action("bandaaceh_aplikasi_statistik")({}, {})
    except tk.NotAuthorized:
        return tk.abort(403)
    return tk.render("aplikasi/statistik.html", {
        "stats": stats, "errors": errors,
        "kategori_labels": _kategori_labels(),
        "tahun_awal": tk.request.args.get("tahun_awal", ""),
        "tahun_akhir": tk.request.args.get("tahun_akhir", "")})


def _kategori_labels() -> dict[str, str]:
    from ckanext.bandaaceh.aplikasi import choice_labels

    return choice_labels().get("kategori", {})


def statistik_json():
    try:
        return jsonify(_stats())
    except tk.ValidationError as e:
        response = jsonify({"error": e.error_dict})
        response.status_code = 400
        return response


def statistik_csv():
    try:
        stats = _stats()
    except tk.ValidationError as e:
        text = "\n".join(f"{field}: {'; '.join(messages)}"
                         for field, messages in e.error_dict.items())
        return Response(text + "\n", status=400, mimetype="text/plain")
    body = csv_bytes(statistik.per_skpk_rows(stats),
                     statistik.PER_SKPK_COLUMNS)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition":
            "attachment; filename=statistik-aplikasi-per-skpk.csv"})


def catat_survei(id: str):
    """Form on an application's page: the e-government office records its
    survey (action ``bandaaceh_aplikasi_catat_survei``)."""
    fields = {k: tk.request.form.get(k, "") for k in izin.SURVEY_FIELDS}
    try:
        tk.get_action("bandaaceh_aplikasi_catat_survei")(
            {"user": tk.current_user.name}, dict(fields, id=id))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ObjectNotFound:
        return tk.abort(404, "Aplikasi tidak ditemukan")
    except tk.ValidationError as e:
        for field, messages in e.error_dict.items():
            for message in messages if isinstance(messages, list) else [
                    messages]:
                tk.h.flash_error(f"{field}: {message}")
    else:
        tk.h.flash_success("Hasil survei tersimpan")
    return tk.redirect_to("aplikasi.read", id=id)


aplikasi.add_url_rule("/aplikasi/<id>/survei", view_func=catat_survei,
                      methods=["POST"])
aplikasi.add_url_rule("/aplikasi/statistik", view_func=statistik_page)
aplikasi.add_url_rule("/aplikasi/statistik.json", view_func=statistik_json)
aplikasi.add_url_rule("/aplikasi/statistik.csv", view_func=statistik_csv)
