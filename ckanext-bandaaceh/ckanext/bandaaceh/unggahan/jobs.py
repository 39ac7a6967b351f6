"""Background work of the upload pipeline (run by `ckan jobs worker`)."""
from __future__ import annotations

import logging
import os

import ckan.plugins.toolkit as tk
from ckan.lib import uploader

from ckanext.bandaaceh import unggahan
from ckanext.bandaaceh.loading import site_context
from ckanext.bandaaceh.unggahan import periksa

log = logging.getLogger(__name__)


def _masalah_berkas(resource: dict) -> list[periksa.Masalah]:
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    batas = unggahan.batas_ukuran()
    try:
        ukuran = os.path.getsize(path)
    except OSError:
        return [periksa.Masalah("hilang", (
            "Berkas unggahan tidak ditemukan di server. Unggah ulang "
            "berkasnya."))]
    terlalu_besar = periksa.periksa_ukuran(ukuran, batas)
    if terlalu_besar:
        return terlalu_besar
    with open(path, "rb") as f:
        return periksa.periksa_csv(f.read(), batas)


def periksa_unggahan(resource_id: str) -> str:
    """Check the uploaded CSV of a resource, record the outcome on it and,
    when it passed, submit it to xloader; returns the status."""
    try:
        resource = tk.get_action("resource_show")(
            {"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return "hilang"
    if not unggahan.perlu_diperiksa(resource):
        return "tidak_perlu"
    masalah = _masalah_berkas(resource)
    status = unggahan.GAGAL if masalah else unggahan.LOLOS
    if masalah:
        # the table holds an earlier file, which this upload replaced:
        # better no table than one that contradicts the file
        try:
            tk.get_action("datastore_delete")(
                site_context(), {"resource_id": resource_id, "force": True})
        except (tk.ObjectNotFound, KeyError):
            pass
    tk.get_action("resource_patch")(site_context(), {
        "id": resource_id,
        unggahan.FIELD: unggahan.catatan(
            resource, status, [m.as_dict() for m in masalah])})
    if status == unggahan.LOLOS and "xloader_submit" in _actions():
        tk.get_action("xloader_submit")(
            site_context(), {"resource_id": resource_id,
                             "ignore_hash": True})
    log.info("unggahan %s: %s (%d masalah)", resource_id, status,
             len(masalah))
    return status


def _actions() -> set[str]:
    from ckan.logic import _actions as registered
    return set(registered)
