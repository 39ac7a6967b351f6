"""The portal's catalogue metadata as other portals read it: a DCAT-AP
profile (``profil``), the Project Open Data ``data.json`` (``datajson``)
and the plugin that keeps the app registry out of both (``plugin``).

This module holds what they share: the frequency vocabulary, the
publisher (SKPK) of a dataset, and the catalogue's fixed coverage.
"""
from __future__ import annotations

import functools
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import data_path, extras_dict, read_yaml

FREKUENSI_FILE = data_path("frekuensi.yaml")
# the only dataset type the catalogues publish (apps are not data)
DATASET_TYPE = "dataset"


@functools.lru_cache(maxsize=None)
def frekuensi() -> dict[str, dict[str, str]]:
    """``frekuensi_pembaruan`` code -> ``label``, ``eu`` URI, ``iso`` value."""
    return read_yaml(FREKUENSI_FILE)["frekuensi"]


def extra(dataset_dict: dict[str, Any], key: str) -> Optional[str]:
    """A dataset field, whether CKAN shows it as a field or as an extra."""
    value = dataset_dict.get(key)
    if value in (None, ""):
        value = extras_dict(dataset_dict).get(key)
    return value or None


def frekuensi_dataset(dataset_dict: dict[str, Any]
                      ) -> Optional[dict[str, str]]:
    """The frequency entry of a dataset, or None if it gives none we know."""
    return frekuensi().get(extra(dataset_dict, "frekuensi_pembaruan") or "")


class Penerbit:
    """Publishers (SKPK organisations) of datasets, each looked up once per
    instance: one catalogue page asks for the same SKPK many times."""

    def __init__(self) -> None:
        self._cache: dict[str, Optional[dict[str, Any]]] = {}

    def __call__(self, dataset_dict: dict[str, Any]
                 ) -> Optional[dict[str, Any]]:
        """``name`` (title), ``kode`` (organisation name), ``homepage``
        (its ``website`` extra) and ``url`` (its page on the portal)."""
        org = dataset_dict.get("organization")
        if not org:
            return None
        if org["id"] not in self._cache:
            try:
                full = tk.get_action("organization_show")(
                    {"ignore_auth": True},
                    {"id": org["id"], "include_datasets": False,
                     "include_users": False})
            except tk.ObjectNotFound:
                full = None
            self._cache[org["id"]] = full and {
                "name": full["title"] or full["name"],
                "kode": full["name"],
                "homepage": extras_dict(full).get("website") or None,
                "url": tk.url_for("organization.read", id=full["name"],
                                  _external=True),
            }
        return self._cache[org["id"]]


def cakupan() -> dict[str, str]:
    """Spatial coverage of every dataset, and the contact point used when a
    dataset names none (from the ``ckanext.bandaaceh.dcat.*`` options)."""
    return {
        "spatial_uri": tk.config["ckanext.bandaaceh.dcat.spatial_uri"],
        "spatial_label": tk.config["ckanext.bandaaceh.dcat.spatial_label"],
        "contact_name": tk.config["ckanext.bandaaceh.dcat.contact_name"],
        "contact_email": tk.config["ckanext.bandaaceh.dcat.contact_email"],
        "language": tk.config["ckanext.bandaaceh.dcat.language"],
    }
