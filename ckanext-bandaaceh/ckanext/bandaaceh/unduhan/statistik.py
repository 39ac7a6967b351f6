"""Download and upload statistics read from PostgreSQL."""
from __future__ import annotations

import datetime
import logging
import re
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.unduhan import antrean

log = logging.getLogger(__name__)

PESAN_BULAN = "%s harus berupa bulan dengan format TTTT-BB, mis. 2026-01"
PESAN_RENTANG = "Bulan awal (%s) tidak boleh sesudah bulan akhir (%s)"
PESAN_PANJANG = "Rentang paling panjang %d bulan"
PESAN_SKPK = "SKPK tidak ditemukan"
PESAN_DATASET = "Dataset tidak ditemukan"
MAKS_BULAN = 120
# the default series: the last twelve months
BULAN_BAKU = 12

_BULAN = re.compile(r"^(\d{4})-(\d{2})$")


def _bulan(value: Any, label: str) -> Optional[datetime.date]:
    if value in (None, ""):
        return None
    match = _BULAN.match(str(value).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise tk.ValidationError({label: [PESAN_BULAN % label]})
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def _geser(bulan: datetime.date, months: int) -> datetime.date:
    index = bulan.year * 12 + bulan.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def rentang(dari: Any = None, sampai: Any = None,
            today: Optional[datetime.date] = None
            ) -> tuple[datetime.date, datetime.date]:
    """The first days of the first and last month asked for (default: the
    twelve months up to the current one)."""
    akhir = _bulan(sampai, "sampai") or (today or antrean.hari_ini()).replace(
        day=1)
    awal = _bulan(dari, "dari") or _geser(akhir, 1 - BULAN_BAKU)
    if awal > akhir:
        raise tk.ValidationError({"dari": [PESAN_RENTANG % (
            awal.strftime("%Y-%m"), akhir.strftime("%Y-%m"))]})
    if _geser(awal, MAKS_BULAN) <= akhir:
        raise tk.ValidationError({"dari": [PESAN_PANJANG % MAKS_BULAN]})
    return awal, akhir


def _months(awal: datetime.date, akhir: datetime.date) -> list[datetime.date]:
    out = [awal]
    while out[-1] < akhir:
        out.append(_geser(out[-1], 1))
    return out


def _execute(sql: str, **params: Any) -> list[Any]:
    return model.Session.execute(sa.text(sql), params).all()


def _seri(table: str, key: str, value: str) -> list[dict[str, Any]]:
    rows = _execute(
        "SELECT bulan, jumlah, pengunjung_harian FROM %s WHERE %s = :v "
        "ORDER BY bulan" % (table, key), v=value)
    return [{"bulan": r.bulan.strftime("%Y-%m"), "jumlah": r.jumlah,
             "pengunjung_harian": r.pengunjung_harian} for r in rows]


def _total(seri: list[dict[str, Any]]) -> dict[str, int]:
    return {"jumlah": sum(s["jumlah"] for s in seri),
            "pengunjung_harian": sum(s["pengunjung_harian"] for s in seri)}


def unduhan_resource(resource_id: str) -> dict[str, Any]:
    seri = _seri("bandaaceh_unduhan_resource_bulanan", "resource_id",
                 resource_id)
    return dict(_total(seri), resource_id=resource_id, bulanan=seri)


def unduhan_dataset(package: model.Package) -> dict[str, Any]:
    seri = _seri("bandaaceh_unduhan_dataset_bulanan", "package_id",
                 package.id)
    per_resource = dict(_execute(
        "SELECT resource_id, sum(jumlah) FROM "
        "bandaaceh_unduhan_resource_bulanan b JOIN resource r "
        "ON r.id = b.resource_id WHERE r.package_id = :p GROUP BY 1",
        p=package.id))
    resources = [{"id": r.id, "name": r.name,
                  "jumlah": int(per_resource.get(r.id, 0))}
                 for r in package.resources]
    return dict(_total(seri), package_id=package.id, name=package.name,
                bulanan=seri, resources=resources)


def unduhan_skpk(org: Optional[model.Group] = None) -> dict[str, Any]:
    """One SKPK's totals and monthly series, or every SKPK's totals."""
    if org is not None:
        seri = _seri("bandaaceh_unduhan_skpk_bulanan", "owner_org", org.id)
        return dict(_total(seri), name=org.name, title=org.title,
                    bulanan=seri)
    rows = _execute(
        "SELECT g.name, g.title, coalesce(sum(b.jumlah), 0) AS jumlah, "
        "coalesce(sum(b.pengunjung_harian), 0) AS pengunjung_harian "
        "FROM \"group\" g LEFT JOIN bandaaceh_unduhan_skpk_bulanan b "
        "ON b.owner_org = g.id WHERE g.is_organization AND "
        "g.state = 'active' GROUP BY g.name, g.title "
        "ORDER BY 3 DESC, g.name")
    skpk = [{"name": r.name, "title": r.title, "jumlah": int(r.jumlah),
             "pengunjung_harian": int(r.pengunjung_harian)} for r in rows]
    return {"jumlah": sum(s["jumlah"] for s in skpk), "skpk": skpk}


def unduhan_bulanan(awal: datetime.date, akhir: datetime.date,
                    org: Optional[model.Group] = None,
                    package: Optional[model.Package] = None
                    ) -> dict[str, Any]:
    """Month series with zero months filled, for the city, one SKPK or one
    dataset."""
    if package is not None:
        table, key, value = ("bandaaceh_unduhan_dataset_bulanan",
                             "package_id", package.id)
    elif org is not None:
        table, key, value = ("bandaaceh_unduhan_skpk_bulanan", "owner_org",
                             org.id)
    else:
        table, key, value = ("bandaaceh_unduhan_skpk_bulanan", "true",
                             True)
    rows = {r.bulan: r for r in _execute(
        "SELECT bulan, sum(jumlah) AS jumlah, sum(pengunjung_harian) AS "
        "pengunjung_harian FROM %s WHERE %s = :v AND bulan BETWEEN :a "
        "AND :b GROUP BY bulan" % (table, key), v=value, a=awal, b=akhir)}
    seri = [{"bulan": m.strftime("%Y-%m"),
             "jumlah": int(rows[m].jumlah) if m in rows else 0,
             "pengunjung_harian": (int(rows[m].pengunjung_harian)
                                   if m in rows else 0)}
            for m in _months(awal, akhir)]
    return dict(_total(seri), dari=awal.strftime("%Y-%m"),
                sampai=akhir.strftime("%Y-%m"), bulanan=seri)


_UNGGAHAN = """
WITH csv AS (
  SELECT coalesce(r.url_type, '') = 'upload' AS unggahan,
         date_trunc('month', r.created AT TIME ZONE 'UTC'
                    AT TIME ZONE :tz)::date AS dibuat,
         CASE WHEN r.last_modified > r.created + interval '1 minute'
              THEN date_trunc('month', r.last_modified AT TIME ZONE 'UTC'
                              AT TIME ZONE :tz)::date END AS diperbarui,
         p.owner_org
  FROM resource r JOIN package p ON p.id = r.package_id
  WHERE r.state = 'active' AND p.state = 'active' AND NOT p.private
    AND p.type = 'dataset'
    AND (lower(r.format) = 'csv'
         OR (coalesce(r.format, '') = '' AND r.url ILIKE '%.csv'))
    {filter}
), peristiwa AS (
  SELECT owner_org, dibuat AS bulan, unggahan, 1 AS dibuat, 0 AS diperbarui
  FROM csv
  UNION ALL
  SELECT owner_org, diperbarui, unggahan, 0, 1 FROM csv
  WHERE diperbarui IS NOT NULL
)
SELECT g.name, g.title, e.bulan,
       sum(e.dibuat) FILTER (WHERE e.unggahan) AS dibuat_unggahan,
       sum(e.dibuat) FILTER (WHERE NOT e.unggahan) AS dibuat_tautan,
       sum(e.diperbarui) FILTER (WHERE e.unggahan) AS diperbarui_unggahan,
       sum(e.diperbarui) FILTER (WHERE NOT e.unggahan) AS diperbarui_tautan
FROM peristiwa e JOIN "group" g ON g.id = e.owner_org
WHERE e.bulan BETWEEN :a AND :b
GROUP BY g.name, g.title, e.bulan
ORDER BY g.name, e.bulan
"""

KOLOM_UNGGAHAN = ("dibuat_unggahan", "dibuat_tautan", "diperbarui_unggahan",
                  "diperbarui_tautan")


def unggahan(awal: datetime.date, akhir: datetime.date,
             org: Optional[model.Group] = None) -> dict[str, Any]:
    """CSV resources of public datasets created and updated (new data,
    CKAN's ``last_modified``) per SKPK per month, uploads and links apart.
    Only the last update of a resource is known to CKAN's tables."""
    sql = _UNGGAHAN.format(filter="AND p.owner_org = :org" if org else "")
    rows = _execute(sql, tz=tk.config[antrean.OPTION + "timezone"],
                    a=awal, b=akhir, org=org.id if org else None)
    baris = [dict({k: int(getattr(r, k) or 0) for k in KOLOM_UNGGAHAN},
                  skpk=r.name, skpk_title=r.title,
                  bulan=r.bulan.strftime("%Y-%m")) for r in rows]
    total = {k: sum(b[k] for b in baris) for k in KOLOM_UNGGAHAN}
    return {"dari": awal.strftime("%Y-%m"), "sampai": akhir.strftime("%Y-%m"),
            "total": total, "baris": baris}


def jumlah_unduhan(resource_id: Optional[str] = None,
                   package_id: Optional[str] = None) -> Optional[int]:
    """Aggregated downloads of a resource or a dataset, for templates;
    None when the statistics cannot be read."""
    if resource_id:
        table, key, value = ("bandaaceh_unduhan_resource_bulanan",
                             "resource_id", resource_id)
    elif package_id:
        table, key, value = ("bandaaceh_unduhan_dataset_bulanan",
                             "package_id", package_id)
    else:
        return None
    try:
        return int(model.Session.execute(sa.text(
            "SELECT coalesce(sum(jumlah), 0) FROM %s WHERE %s = :v"
            % (table, key)), {"v": value}).scalar_one())
    except sa.exc.SQLAlchemyError:
        log.exception("download count of %s unavailable", value)
        model.Session.rollback()
        return None
