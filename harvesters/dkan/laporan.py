"""The mapping report of a DKAN source: what could not be mapped.

Built from the current harvest objects of the source (the last record
harvested of every DKAN dataset still listed) mapped again against the
portal as it is now, so it stays right after a mapping file or an
organisation is fixed, without a harvest.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from ckanext.harvest.model import HarvestObject, HarvestSource

import ckan.model as model

from ckanext.bandaaceh_harvest.dkan import panen

KOLOM = ["identifier", "judul", "dataset", "jenis", "nilai", "keterangan"]


def sumber(ref: str) -> HarvestSource:
    """A DKAN harvest source by id, name or URL; LookupError if none."""
    source = HarvestSource.get(ref)
    if source is None:
        package = model.Package.get(ref)
        source = HarvestSource.get(package.id) if package else None
    if source is None:
        source = model.Session.query(HarvestSource).filter(
            HarvestSource.url == ref, HarvestSource.active == True  # noqa
        ).first()
    if source is None or source.type != panen.HARVESTER_INFO["name"]:
        raise LookupError(f"Sumber panen DKAN tidak ditemukan: {ref}")
    return source


def baris(source: HarvestSource) -> list[dict[str, Any]]:
    config = panen.baca_konfigurasi(source.config)
    objects = model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_source_id == source.id,
        HarvestObject.current == True,  # noqa: E712
    ).order_by(HarvestObject.guid).all()
    rows = []
    for obj in objects:
        record = json.loads(obj.content or "{}").get("record")
        if not record:
            continue
        hasil, _org = panen.petakan(record, config)
        package = model.Package.get(obj.package_id) if obj.package_id \
            else None
        for masalah in hasil.masalah:
            rows.append({"identifier": obj.guid, "judul": record["title"],
                         "dataset": package.name if package else "",
                         "jenis": masalah.jenis, "nilai": masalah.nilai,
                         "keterangan": masalah.pesan})
    return rows


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, KOLOM, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
