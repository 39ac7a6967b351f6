"""Open data: datasets and CSV resources an SKPK has at the end of the
semester, CSV resources it created or updated during it, the share of its
datasets updated on time (continuity, ``ckanext.bandaaceh.kesegaran``,
rated on the semester's last day, or today for the running semester), and
the downloads of its data (counted on the server) during it."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model

from ckanext.bandaaceh import kesegaran, statistik
from ckanext.bandaaceh.kesegaran import data as kesegaran_data
from ckanext.bandaaceh.kinerja.kerangka import WIB, Keluarga, Periode
from ckanext.bandaaceh.loading import LoaderError
from ckanext.bandaaceh.unduhan import statistik as unduhan_statistik

# CSV resources and the SKPK's datasets as /statistik counts them (the
# portal's own published datasets are not the SKPK's open data)
_CSV = statistik.CSV_SQL
_PUBLIK = statistik.DATASET_SKPK_SQL


def _hitung_per_org(sql: str, **params: Any) -> dict[str, int]:
    return {org: int(n) for org, n in
            model.Session.execute(sa.text(sql), params).all()}


def unduhan_semester(periode: Periode) -> dict[str, tuple[int, int]]:
    """Downloads and daily unique visitors per SKPK id in the semester."""
    def compute():
        rows = model.Session.execute(sa.text(
            "SELECT owner_org, sum(jumlah), sum(pengunjung_harian) FROM "
            "bandaaceh_unduhan_skpk_bulanan WHERE bulan BETWEEN :a AND :b "
            "GROUP BY owner_org"), {"a": periode.semester.awal,
                                    "b": periode.semester.akhir}).all()
        return {org: (int(n), int(v)) for org, n, v in rows}
    return periode.bersama("unduhan", compute)


# Each public dataset as it stood at the end of the window: its latest data
# update not after it (a resource updated since counts by its creation:
# CKAN keeps only the last update), else its metadata.
_KESINAMBUNGAN = f"""
SELECT p.owner_org, p.extras ->> 'frekuensi_pembaruan' AS frekuensi,
       coalesce(
         (SELECT max(CASE WHEN coalesce(r.last_modified, r.created) < :end
                          THEN coalesce(r.last_modified, r.created)
                          ELSE r.created END)
          FROM resource r
          WHERE r.package_id = p.id AND r.state = 'active'
            AND r.created < :end),
         CASE WHEN p.metadata_modified < :end THEN p.metadata_modified
              ELSE p.metadata_created END) AS terakhir
FROM package p WHERE {_PUBLIK} AND p.metadata_created < :end
"""


def tepat_waktu(periode: Periode) -> dict[str, Optional[float]]:
    """Share (%) of each SKPK id's rated datasets on time at the end of the
    semester (today while it runs); None when none is rated."""
    day = min(periode.per_tanggal, periode.semester.akhir)
    end = dt.datetime.combine(day + dt.timedelta(days=1),
                              dt.time()) - WIB
    try:
        thresholds = kesegaran_data.ambang()
    except ValueError as e:
        raise LoaderError(f"Berkas ambang kesegaran dataset tidak sah: {e}")
    rated: dict[str, list[dict[str, Any]]] = {}
    for row in model.Session.execute(sa.text(_KESINAMBUNGAN), {"end": end}):
        rated.setdefault(row.owner_org, []).append(kesegaran.nilai(
            row.frekuensi, kesegaran_data.tanggal_lokal(row.terakhir), day,
            thresholds))
    return {org: kesegaran.ringkas(rows)["persen_tepat_waktu"]
            for org, rows in rated.items()}


def hitung(periode: Periode) -> dict[str, dict[str, Any]]:
    end = periode.akhir_utc
    datasets = _hitung_per_org(
        f"SELECT p.owner_org, count(*) FROM package p WHERE {_PUBLIK} "
        "AND p.metadata_created < :end GROUP BY 1", end=end)
    csv = _hitung_per_org(
        "SELECT p.owner_org, count(*) FROM resource r JOIN package p ON "
        f"p.id = r.package_id WHERE {_PUBLIK} AND r.state = 'active' AND "
        f"{_CSV} AND r.created < :end GROUP BY 1", end=end)
    uploads: dict[str, int] = {}
    for row in unduhan_statistik.unggahan(periode.semester.awal,
                                          periode.semester.akhir)["baris"]:
        uploads[row["skpk"]] = uploads.get(row["skpk"], 0) + sum(
            row[k] for k in unduhan_statistik.KOLOM_UNGGAHAN)
    downloads = unduhan_semester(periode)
    on_time = tepat_waktu(periode)
    out = {}
    for name, (org_id, _title) in periode.skpk.items():
        out[name] = {"dataset": datasets.get(org_id, 0),
                     "sumber_csv": csv.get(org_id, 0),
                     "unggahan_csv": uploads.get(name, 0),
                     "persen_tepat_waktu": on_time.get(org_id),
                     "unduhan": downloads.get(org_id, (0, 0))[0]}
    return out


KELUARGA = Keluarga(
    kunci="opendata", judul="Open data",
    ukuran={"dataset": "Dataset publik (akhir semester)",
            "sumber_csv": "Sumber data CSV (akhir semester)",
            "unggahan_csv": "CSV dibuat atau diperbarui dalam semester",
            "persen_tepat_waktu": "Persen dataset diperbarui tepat waktu "
                                  "(menurut frekuensi yang dinyatakan)",
            "unduhan": "Unduhan data dalam semester"},
    hitung=hitung)
