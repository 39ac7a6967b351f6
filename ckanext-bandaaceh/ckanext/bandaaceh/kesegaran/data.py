"""Continuity read from CKAN's tables: each dataset's last data update and
declared frequency, rated with the configured thresholds."""
from __future__ import annotations

import datetime
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import kesegaran
from ckanext.bandaaceh.loading import data_path, read_yaml
from ckanext.bandaaceh.unduhan import antrean

OPTION = "ckanext.bandaaceh.kesegaran.ambang"
FREKUENSI_FILE = data_path("frekuensi.yaml")


def ambang() -> dict[str, kesegaran.Ambang]:
    """The thresholds of the configured data file (default: the shipped
    ``data/kesegaran.yaml``)."""
    path = tk.config[OPTION] or data_path("kesegaran.yaml")
    return kesegaran.baca_ambang(read_yaml(path), path)


def frekuensi() -> dict[str, str]:
    """Frequency code -> label (``data/frekuensi.yaml``)."""
    data = read_yaml(FREKUENSI_FILE) or {}
    return {k: v["label"] for k, v in (data.get("frekuensi") or {}).items()}


def hari_ini() -> datetime.date:
    return antrean.hari_ini()


def tanggal_lokal(waktu: datetime.datetime) -> datetime.date:
    """CKAN's naive UTC times as dates of the portal's time zone."""
    return waktu.replace(tzinfo=datetime.timezone.utc).astimezone(
        antrean.zona()).date()


# latest data of a dataset: its newest resource file (last_modified, or
# created for links and never re-uploaded files), else its metadata
_DATASET = """
SELECT p.id, p.name, p.title, p.owner_org, p.private,
       p.extras ->> 'frekuensi_pembaruan' AS frekuensi,
       coalesce((SELECT max(coalesce(r.last_modified, r.created))
                 FROM resource r
                 WHERE r.package_id = p.id AND r.state = 'active'),
                p.metadata_modified) AS terakhir
FROM package p
WHERE p.state = 'active' AND p.type = 'dataset' {filter}
ORDER BY p.name
"""


def _baris(filter_sql: str, **params: Any) -> list[Any]:
    return model.Session.execute(
        sa.text(_DATASET.format(filter=filter_sql)), params).all()


def _nilai(row: Any, hari: datetime.date,
           tabel: dict[str, kesegaran.Ambang]) -> dict[str, Any]:
    hasil = kesegaran.nilai(row.frekuensi, tanggal_lokal(row.terakhir), hari,
                            tabel)
    return dict(hasil, id=row.id, name=row.name, title=row.title)


def dataset(package_id: str, hari: Optional[datetime.date] = None
            ) -> Optional[dict[str, Any]]:
    """The continuity of one active dataset (None when there is none)."""
    rows = _baris("AND p.id = :id", id=package_id)
    if not rows:
        return None
    return _nilai(rows[0], hari or hari_ini(), ambang())


def publik(org_id: Optional[str] = None,
           hari: Optional[datetime.date] = None) -> list[dict[str, Any]]:
    """The continuity of every public dataset (of one SKPK), with its
    ``owner_org``."""
    hari, tabel = hari or hari_ini(), ambang()
    rows = _baris("AND NOT p.private" + (" AND p.owner_org = :org"
                                         if org_id else ""), org=org_id)
    return [dict(_nilai(r, hari, tabel), owner_org=r.owner_org)
            for r in rows]


def per_skpk(hari: Optional[datetime.date] = None) -> list[dict[str, Any]]:
    """Every active SKPK with the continuity summary of its public
    datasets (SKPK without datasets included, with nothing rated)."""
    semua = publik(hari=hari)
    orgs = model.Session.query(model.Group.id, model.Group.name,
                               model.Group.title).filter(
        model.Group.is_organization.is_(True),
        model.Group.state == "active").order_by(model.Group.name).all()
    return [dict(kesegaran.ringkas(h for h in semua if h["owner_org"] == o.id),
                 skpk=o.name, skpk_title=o.title) for o in orgs]


# Declared frequency (validated on create and update of `dataset`) ----------

PESAN_FREKUENSI = ("Frekuensi pembaruan tidak dikenal: \"%s\". Isi salah "
                   "satu kode: %s; atau kosongkan bila jadwalnya tidak "
                   "tentu.")


def periksa_frekuensi(data_dict: dict[str, Any]) -> None:
    """Raise a ValidationError when a ``dataset``'s
    ``frekuensi_pembaruan`` extra is not a code of data/frekuensi.yaml
    (empty is allowed and means "tidak tentu")."""
    extras = data_dict.get("extras")
    if not isinstance(extras, list):
        return
    value = next((e.get("value") for e in extras if isinstance(e, dict)
                  and e.get("key") == "frekuensi_pembaruan"), None)
    if value is None or not str(value).strip():
        return
    if _jenis(data_dict) != "dataset":
        return
    kode = frekuensi()
    if str(value).strip() not in kode:
        pilihan = ", ".join(f"{k} ({v})" for k, v in kode.items())
        raise tk.ValidationError({"frekuensi_pembaruan": [
            PESAN_FREKUENSI % (value, pilihan)]})


def _jenis(data_dict: dict[str, Any]) -> str:
    if data_dict.get("type"):
        return data_dict["type"]
    package = model.Package.get(str(data_dict.get("id") or
                                    data_dict.get("name") or ""))
    return package.type if package is not None else "dataset"


def untuk_halaman(package_id: str) -> Optional[dict[str, Any]]:
    """A dataset's continuity with Indonesian labels, for its page."""
    hasil = dataset(package_id)
    if hasil is None:
        return None
    return dict(hasil, label_status=kesegaran.LABEL[hasil["status"]],
                label_frekuensi=frekuensi().get(hasil["frekuensi"],
                                                hasil["frekuensi"]))
