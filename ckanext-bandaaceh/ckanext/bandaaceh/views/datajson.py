"""``/data.json``: the catalogue for portals that harvest Project Open Data."""
from __future__ import annotations

from flask import Blueprint, jsonify

from ckanext.bandaaceh.dcat import datajson as pod

datajson = Blueprint("bandaaceh_datajson", __name__)


@datajson.route("/data.json")
def data_json():
    return jsonify(pod.katalog_pod())
