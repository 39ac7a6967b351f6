"""The SKPK (work units of the city) as CKAN organisations.

The list is data (``data/skpk.yaml``); `load_skpk` makes CKAN match it:
missing organisations are created, changed ones updated, others untouched.
Organisations that are no longer listed are never deleted: they may own
datasets.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from ckanext.bandaaceh.loading import (
    LoaderError, SyncReport, data_path, read_yaml, sync_group)

SKPK_FILE = data_path("skpk.yaml")


@dataclasses.dataclass(frozen=True)
class Skpk:
    kode: str
    nama: str
    jenis: str
    website: str

    def organization_dict(self) -> dict[str, Any]:
        return {
            "name": self.kode,
            "title": self.nama,
            "description": f"{self.nama} Kota Banda Aceh.",
        }

    def extras(self) -> dict[str, str]:
        return {"jenis": self.jenis, "website": self.website}


def read_skpk(path: str = SKPK_FILE) -> list[Skpk]:
    """The SKPK listed in `path`, checked: unique codes, known kinds."""
    data = read_yaml(path) or {}
    kinds = set(data.get("jenis") or {})
    units = []
    seen = set()
    for i, entry in enumerate(data.get("skpk") or [], start=1):
        try:
            unit = Skpk(**entry)
        except TypeError:
            raise LoaderError(
                f"{path}: entry {i} must have exactly the keys "
                f"kode, nama, jenis, website (got {sorted(entry)})")
        if unit.kode in seen:
            raise LoaderError(f"{path}: kode {unit.kode!r} is listed twice")
        if unit.jenis not in kinds:
            raise LoaderError(
                f"{path}: {unit.kode}: jenis {unit.jenis!r} is not one of "
                f"{', '.join(sorted(kinds))}")
        seen.add(unit.kode)
        units.append(unit)
    if not units:
        raise LoaderError(f"{path} lists no SKPK")
    return units


def load_skpk(path: str = SKPK_FILE) -> SyncReport:
    """Create or update one organisation per SKPK listed in `path`."""
    report = SyncReport("SKPK organisations")
    for unit in read_skpk(path):
        sync_group("organization", unit.organization_dict(), unit.extras(),
                   report)
    return report
