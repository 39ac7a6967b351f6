"""The periodic-information obligation (UU 14/2008 art. 9): information
every public body must publish at least every six months. Which datasets
and news count for each category is data
(``ckanext.bandaaceh.kinerja.berkala``, shape of
``data/kinerja/informasi_berkala.yaml``): a category is met in a semester
when the SKPK created or updated a public dataset with one of its tags or
in one of its groups, or its website published a headline holding one of
its words, within the semester."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.kinerja.kerangka import Keluarga, Periode
from ckanext.bandaaceh.loading import LoaderError, data_path, read_yaml

OPTION = "ckanext.bandaaceh.kinerja.berkala"
PESAN = "Berkas kategori informasi berkala %s tidak sah: %s"

_DATASET = """
SELECT DISTINCT p.owner_org FROM package p
WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'
  AND ((p.metadata_created >= :mulai AND p.metadata_created < :akhir)
       OR (p.metadata_modified >= :mulai AND p.metadata_modified < :akhir))
  AND (EXISTS (SELECT 1 FROM package_tag pt JOIN tag t ON t.id = pt.tag_id
               WHERE pt.package_id = p.id AND pt.state = 'active'
                 AND lower(t.name) = ANY(:tags))
       OR EXISTS (SELECT 1 FROM member m JOIN "group" g ON g.id = m.group_id
                  WHERE m.table_id = p.id AND m.table_name = 'package'
                    AND m.state = 'active' AND NOT g.is_organization
                    AND g.name = ANY(:grup)))
"""

_BERITA = """
SELECT DISTINCT src.owner_org FROM bandaaceh_berita_item i
JOIN bandaaceh_berita_situs s ON s.id = i.situs_id
JOIN package src ON src.id = s.harvest_source_id
WHERE i.date_ok AND i.published_at >= :mulai AND i.published_at < :akhir
  AND i.title ILIKE ANY(:pola)
"""


def _daftar(path: str, key: str, where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise LoaderError(PESAN % (path, f"{where}: `{key}` harus daftar "
                                         "teks"))
    return [v.strip() for v in value]


def baca_kategori(path: Optional[str] = None) -> dict[str, dict[str, Any]]:
    """The categories of the data file, checked."""
    path = path or tk.config.get(OPTION) or data_path(
        "kinerja", "informasi_berkala.yaml")
    data = read_yaml(path)
    categories = (data or {}).get("kategori") if isinstance(
        data, dict) else None
    if not isinstance(categories, dict) or not categories:
        raise LoaderError(PESAN % (path, "tidak ada `kategori`"))
    out = {}
    for key, spec in categories.items():
        where = f"kategori {key}"
        if not isinstance(spec, dict):
            raise LoaderError(PESAN % (path, f"{where} kosong"))
        entry = {"nama": str(spec.get("nama") or key)}
        for field in ("tag", "grup", "kata_berita"):
            entry[field] = _daftar(path, field, where, spec.get(field))
        if not (entry["tag"] or entry["grup"] or entry["kata_berita"]):
            raise LoaderError(PESAN % (
                path, f"{where} tidak menyebut tag, grup atau kata_berita"))
        out[str(key)] = entry
    return out


def _escape_like(word: str) -> str:
    return (word.replace("\\", "\\\\").replace("%", "\\%")
            .replace("_", "\\_"))


def hitung(periode: Periode) -> dict[str, dict[str, Any]]:
    categories = baca_kategori()
    news = p.plugin_loaded("bandaaceh_berita")
    window = {"mulai": periode.mulai_utc, "akhir": periode.akhir_utc}
    met: dict[str, list[str]] = {}
    for key, spec in categories.items():
        orgs = set()
        if spec["tag"] or spec["grup"]:
            orgs |= {r[0] for r in model.Session.execute(
                sa.text(_DATASET), dict(
                    window, tags=[t.lower() for t in spec["tag"]],
                    grup=spec["grup"]))}
        if news and spec["kata_berita"]:
            orgs |= {r[0] for r in model.Session.execute(
                sa.text(_BERITA), dict(window, pola=[
                    f"%{_escape_like(w)}%" for w in spec["kata_berita"]]))}
        for org_id in orgs:
            met.setdefault(org_id, []).append(key)
    total = len(categories)
    out = {}
    for name, (org_id, _t) in periode.skpk.items():
        done = sorted(met.get(org_id, []))
        out[name] = {"kategori_terpenuhi": len(done),
                     "kategori_wajib": total,
                     "persen_berkala": round(100.0 * len(done) / total, 2),
                     "kategori_berkala": done}
    return out


KELUARGA = Keluarga(
    kunci="berkala", judul="Kewajiban informasi berkala",
    ukuran={"persen_berkala": "Persen kategori informasi berkala terpenuhi",
            "kategori_terpenuhi": "Kategori terpenuhi",
            "kategori_wajib": "Kategori wajib"},
    hitung=hitung)
