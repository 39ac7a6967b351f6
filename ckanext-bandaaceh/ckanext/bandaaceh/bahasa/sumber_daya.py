"""A resource's remaining fields, labelled in the user's language.

The resource page lists a resource's fields by their raw names ("package
id", "datastore active") and raw values (False, "active"): CKAN's template
capitalises them without gettext. The labels and the system values are
translated here; other fields (a publisher's own extras) keep the name and
value they were given.
"""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk


class Label(str):
    """A label already written with its capitals. The template shows each
    key as ``key | capitalize``, which lowercases all but the first letter
    ("ID dataset" would read "Id dataset", "DataStore" "Datastore")."""

    def capitalize(self) -> "Label":
        return self


def _labels() -> dict[str, str]:
    return {
        "id": tk._("ID sumber daya"),
        "package id": tk._("ID dataset"),
        "state": tk._("Status sumber daya"),
        "datastore active": tk._("Tersimpan di DataStore"),
        "has views": tk._("Punya tampilan"),
        "mimetype": tk._("Jenis media"),
        "mimetype inner": tk._("Jenis media di dalam arsip"),
        "size": tk._("Ukuran berkas"),
        "hash": tk._("Hash"),
        "url type": tk._("Asal berkas"),
        "cache url": tk._("Salinan tersimpan"),
        "cache last updated": tk._("Salinan tersimpan diperbarui"),
        "resource type": tk._("Jenis sumber daya"),
        "position": tk._("Urutan"),
    }


def _values() -> dict[str, str]:
    return {
        "True": tk._("Ya"),
        "False": tk._("Tidak"),
        "active": tk._("aktif"),
        "deleted": tk._("dihapus"),
        "draft": tk._("draf"),
        "upload": tk._("berkas unggahan"),
    }


def _internal_fields() -> frozenset[str]:
    from ckanext.bandaaceh import unggahan
    # machine fields with a page section of their own (the upload check)
    return frozenset({unggahan.FIELD, "datastore_sumber"})


_TERSEMBUNYI = _internal_fields()


@tk.chained_helper
def format_resource_items(next_helper: Callable[..., list[tuple[str, Any]]],
                          items: list[tuple[str, Any]]
                          ) -> list[tuple[str, Any]]:
    """CKAN's list of a resource's fields, with the names and system values
    in the user's language."""
    labels, values = _labels(), _values()
    translated = []
    # CKAN's helper turns the keys into labels ("a_b" -> "a b"): the
    # internal fields are left out before it sees them
    shown = [(k, v) for k, v in items if k not in _TERSEMBUNYI]
    for key, value in next_helper(shown):
        if key in labels:
            key = Label(labels[key])
            if isinstance(value, str):
                value = values.get(value, value)
        translated.append((key, value))
    return translated
