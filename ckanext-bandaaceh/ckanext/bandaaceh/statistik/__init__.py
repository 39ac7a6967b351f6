"""The portal's statistics (``/statistik``): headline figures, downloads
and CSV uploads per month, a table per SKPK and dataset continuity.

Read from CKAN's tables and the aggregated download tables (not the search
index); public, active datasets of type ``dataset`` only, and not the
datasets the portal writes itself (registry, news lists, PPID registers,
statistics, scorecard), so the figures are the SKPK's open data, the same
for every visitor, and can be published as open data.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model

from ckanext.bandaaceh import kesegaran
from ckanext.bandaaceh.kesegaran import data as kesegaran_data
from ckanext.bandaaceh.unduhan import statistik as unduhan_statistik

# SQL conditions shared with the scorecard (kinerja.opendata). A CSV
# resource `r`: format CSV, or no format and a .csv address (as the upload
# statistics count them)
CSV_SQL = ("(lower(r.format) = 'csv' OR (coalesce(r.format, '') = '' "
        "AND r.url ILIKE '%.csv'))")
# A dataset `p` of the SKPK's open data: public, active, not one the portal
# writes itself (app registry, news lists, PPID registers, these
# statistics, the scorecard: their files are marked datastore_sumber =
# portal by ekspor.publish_table)
DATASET_SKPK_SQL = (
    "p.state = 'active' AND NOT p.private AND p.type = 'dataset' "
    "AND NOT EXISTS (SELECT 1 FROM resource rp WHERE "
    "rp.package_id = p.id AND rp.state = 'active' AND "
    # extras is JSON text; cast only where the key can be
    "CASE WHEN rp.extras LIKE '%datastore_sumber%' THEN "
    "rp.extras::jsonb ->> 'datastore_sumber' END = 'portal')")

_PER_SKPK = f"""
SELECT g.id, g.name, g.title,
       count(DISTINCT p.id) AS dataset,
       count(r.id) FILTER (WHERE {CSV_SQL}) AS sumber_csv
FROM "group" g
LEFT JOIN package p ON p.owner_org = g.id AND {DATASET_SKPK_SQL}
LEFT JOIN resource r ON r.package_id = p.id AND r.state = 'active'
WHERE g.is_organization AND g.state = 'active'
GROUP BY g.id, g.name, g.title
ORDER BY g.name
"""

_UNDUHAN_SKPK = f"""
SELECT p.owner_org, sum(b.jumlah) AS jumlah,
       sum(b.jumlah) FILTER (WHERE {CSV_SQL}) AS csv
FROM bandaaceh_unduhan_resource_bulanan b
JOIN resource r ON r.id = b.resource_id
JOIN package p ON p.id = r.package_id AND {DATASET_SKPK_SQL}
WHERE b.bulan BETWEEN :a AND :b
GROUP BY p.owner_org
"""

_UNDUHAN_CSV_BULANAN = f"""
SELECT b.bulan, sum(b.jumlah) AS jumlah
FROM bandaaceh_unduhan_resource_bulanan b
JOIN resource r ON r.id = b.resource_id AND {CSV_SQL}
JOIN package p ON p.id = r.package_id AND {DATASET_SKPK_SQL}
WHERE b.bulan BETWEEN :a AND :b
GROUP BY b.bulan
"""

KOLOM_BULANAN = ("bulan", "unduhan", "unduhan_csv", "csv_dibuat",
                 "csv_diperbarui")
KOLOM_SKPK = ("skpk", "nama_skpk", "dataset", "sumber_csv", "csv_dibuat",
              "csv_diperbarui", "unduhan", "unduhan_csv", "dinilai", "tepat_waktu", "jatuh_tempo",
              "terlambat", "menunggak", "persen_tepat_waktu")


def geser_bulan(bulan: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) `bulan`."""
    index = bulan.year * 12 + bulan.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _execute(sql: str, **params: Any) -> list[Any]:
    return model.Session.execute(sa.text(sql), params).all()


def bulanan(awal: datetime.date, akhir: datetime.date
            ) -> list[dict[str, Any]]:
    """Per month of the range: downloads (all and of CSV resources) and
    CSV resources created and updated."""
    semua = unduhan_statistik.unduhan_bulanan(awal, akhir)["bulanan"]
    csv = {r.bulan.strftime("%Y-%m"): int(r.jumlah) for r in _execute(
        _UNDUHAN_CSV_BULANAN, a=awal, b=akhir)}
    unggah: dict[str, list[int]] = {}
    for b in unduhan_statistik.unggahan(awal, akhir)["baris"]:
        total = unggah.setdefault(b["bulan"], [0, 0])
        total[0] += b["dibuat_unggahan"] + b["dibuat_tautan"]
        total[1] += b["diperbarui_unggahan"] + b["diperbarui_tautan"]
    return [{"bulan": s["bulan"], "unduhan": s["jumlah"],
             "unduhan_csv": csv.get(s["bulan"], 0),
             "csv_dibuat": unggah.get(s["bulan"], [0, 0])[0],
             "csv_diperbarui": unggah.get(s["bulan"], [0, 0])[1]}
            for s in semua]


def per_skpk(awal: datetime.date, akhir: datetime.date,
             hari: Optional[datetime.date] = None) -> list[dict[str, Any]]:
    """One row per active SKPK: public datasets, CSV resources, downloads
    in the range and the continuity of its datasets."""
    unduhan = {r.owner_org: r for r in _execute(_UNDUHAN_SKPK, a=awal,
                                                 b=akhir)}
    semua = kesegaran_data.publik(hari=hari)
    unggah: dict[str, list[int]] = {}
    for b in unduhan_statistik.unggahan(awal, akhir)["baris"]:
        total = unggah.setdefault(b["skpk"], [0, 0])
        total[0] += b["dibuat_unggahan"] + b["dibuat_tautan"]
        total[1] += b["diperbarui_unggahan"] + b["diperbarui_tautan"]
    rows = []
    for g in _execute(_PER_SKPK):
        segar = kesegaran.ringkas(h for h in semua if h["owner_org"] == g.id)
        u = unduhan.get(g.id)
        rows.append(dict(
            {s: segar["jumlah"][s] for s in kesegaran.STATUS},
            skpk=g.name, nama_skpk=g.title, dataset=int(g.dataset),
            sumber_csv=int(g.sumber_csv),
            csv_dibuat=unggah.get(g.name, [0, 0])[0],
            csv_diperbarui=unggah.get(g.name, [0, 0])[1],
            unduhan=int(u.jumlah or 0) if u else 0,
            unduhan_csv=int(u.csv or 0) if u else 0,
            dinilai=segar["dinilai"],
            persen_tepat_waktu=segar["persen_tepat_waktu"]))
    return rows


def ringkasan(awal: datetime.date, akhir: datetime.date,
              hari: Optional[datetime.date] = None) -> dict[str, Any]:
    """Everything ``/statistik`` shows, for the months `awal`..`akhir`."""
    seri = bulanan(awal, akhir)
    skpk = per_skpk(awal, akhir, hari)
    segar = kesegaran.ringkas(kesegaran_data.publik(hari=hari))
    return {
        "dari": awal.strftime("%Y-%m"), "sampai": akhir.strftime("%Y-%m"),
        "angka": {
            "skpk_bergabung": sum(1 for s in skpk if s["dataset"]),
            "skpk": len(skpk),
            "dataset": sum(s["dataset"] for s in skpk),
            "sumber_csv": sum(s["sumber_csv"] for s in skpk),
            "unduhan_csv_bulan_ini": seri[-1]["unduhan_csv"] if seri else 0,
            "rerata_unduhan_csv_bulanan": (
                round(sum(s["unduhan_csv"] for s in seri) / len(seri), 1)
                if seri else 0),
        },
        "bulanan": seri,
        "skpk": skpk,
        "kesegaran": {
            "dinilai": segar["dinilai"], "dataset": segar["dataset"],
            "persen_tepat_waktu": segar["persen_tepat_waktu"],
            "status": [{"status": s, "label": kesegaran.LABEL[s],
                        "jumlah": segar["jumlah"][s]}
                       for s in kesegaran.STATUS + (kesegaran.TIDAK_DINILAI,)]},
    }
