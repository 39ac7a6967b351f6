"""Publishing harvested news as CKAN datasets.

One dataset per website ("Berita <unit>", owned by the unit's organisation)
holding its items as CSV, and one portal-wide dataset of all headlines.
Unchanged files are not uploaded again and unchanged metadata is not
patched, so a harvest without news adds no activity.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.ekspor import publish_table
from ckanext.bandaaceh.loading import sync_dataset
from ckanext.bandaaceh_harvest.berita import simpan
from ckanext.bandaaceh_harvest.berita.model import situs

log = logging.getLogger(__name__)

PORTAL_DATASET = "berita-kota-banda-aceh"
PORTAL_JOB_ID = "bandaaceh-berita-terbitkan-portal"
ITEM_COLUMNS = ("judul", "tautan", "tanggal_terbit", "tanggal_valid",
                "pertama_terlihat")
PORTAL_COLUMNS = ("skpk", "situs") + ITEM_COLUMNS
SITE_CSV = "Daftar berita"
PORTAL_CSV = "Judul berita seluruh SKPK"
# shown by ckanext-harvest itself; never stored as our extras
HARVEST_EXTRAS = ("harvest_object_id", "harvest_source_id",
                  "harvest_source_title")


def _iso(value: Optional[dt.datetime]) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def item_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "judul": row["title"],
        "tautan": row["link"],
        "tanggal_terbit": _iso(row["published_at"]),
        "tanggal_valid": "ya" if row["date_ok"] else "tidak",
        "pertama_terlihat": _iso(row["first_seen"]),
    }


def _yes_no(value: Optional[bool]) -> str:
    return {True: "ya", False: "tidak"}.get(value, "tidak diketahui")


def _free_name(base: str, dataset_id: Optional[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... when another dataset has it
    (an organisation may run more than one website)."""
    name, n = base, 1
    while True:
        package = model.Package.get(name)
        if package is None or package.id == dataset_id:
            return name
        if (dataset_id is None
                and package.extras.get("jenis_panen") == "berita"
                and not _claimed(package.id)):
            return name
        n += 1
        name = f"{base}-{n}"[:100]


def _claimed(dataset_id: str) -> bool:
    return model.Session.execute(
        sa.select(sa.func.count()).select_from(situs)
        .where(situs.c.dataset_id == dataset_id)).scalar_one() > 0


def publish_situs(row: dict[str, Any], org: Optional[model.Group]
                  ) -> tuple[dict[str, Any], bool]:
    """Create or update the website's dataset and its CSV."""
    org_name = org.name if org else "tanpa-organisasi"
    unit = org.title if org else row["url"]
    wanted = {
        "name": _free_name(f"berita-{org_name}"[:100], row["dataset_id"]),
        "title": f"Berita {unit}",
        "notes": (f"Judul berita yang diterbitkan di situs web {unit} "
                  f"({row['url']}), dikumpulkan otomatis oleh portal dari "
                  f"umpan RSS/Atom atau WordPress REST API situs tersebut. "
                  f"Tanggal yang tidak dapat dibaca atau tidak masuk akal "
                  f"ditandai pada kolom tanggal_valid."),
        "owner_org": org.id if org else None,
        "license_id": "other-at",
        "tags": [{"name": "berita"}, {"name": "situs web"}],
    }
    extras = {
        "jenis_panen": "berita",
        "situs_web": row["url"],
        "umpan": row["feed_url"] or "",
        "wordpress": _yes_no(row["wordpress"]),
        "wordpress_multisite": _yes_no(row["wpmu"]),
    }
    package, changed = sync_dataset(wanted, extras, row["dataset_id"],
                                    HARVEST_EXTRAS)
    items = [item_row(r) for r in simpan.items_of(row["id"])]
    if publish_table(package, SITE_CSV, items, ITEM_COLUMNS,
                     f"{package['name']}.csv", {
            "format": "CSV",
            "description": "Satu baris per berita: judul, tautan, tanggal "
                           "terbit (UTC), apakah tanggalnya valid, dan kapan "
                           "pertama kali terlihat oleh portal."}):
        changed = True
    return package, changed


def publish_portal() -> bool:
    """The portal-wide dataset of all headlines; False when its owner
    organisation does not exist (nothing published)."""
    org_name = tk.config[
        "ckanext.bandaaceh_harvest.berita.portal_organization"]
    org = model.Group.get(org_name) if org_name else None
    if org is None or org.state != model.State.ACTIVE:
        log.warning("Organisation %r missing: %s not published", org_name,
                    PORTAL_DATASET)
        return False
    wanted = {
        "name": PORTAL_DATASET,
        "title": "Berita Situs Web Pemerintah Kota Banda Aceh",
        "notes": ("Judul berita dari situs web seluruh SKPK, gampong dan "
                  "dayah di Kota Banda Aceh yang dipanen portal, satu baris "
                  "per berita."),
        "owner_org": org.id,
        "license_id": "other-at",
        "tags": [{"name": "berita"}, {"name": "situs web"}],
    }
    package, changed = sync_dataset(wanted, {"jenis_panen": "berita"},
                                    None, HARVEST_EXTRAS)
    orgs = _organisations_by_source()
    rows = [dict(item_row(r), skpk=orgs.get(r["harvest_source_id"], ""),
                 situs=r.get("situs_url", ""))
            for r in _all_items()]
    if publish_table(package, PORTAL_CSV, rows, PORTAL_COLUMNS,
                     f"{PORTAL_DATASET}.csv", {
                       "format": "CSV",
                       "description": "Satu baris per berita dari semua "
                                      "situs yang dipanen."}):
        changed = True
    return changed


def portal_job() -> None:
    """Background job: republish the portal-wide dataset."""
    changed = publish_portal()
    log.info("%s published (%s)", PORTAL_DATASET,
             "changed" if changed else "unchanged")


def schedule_portal() -> None:
    """Queue one republication of the portal-wide dataset, unless one is
    waiting: a cycle in which many websites changed rewrites it once."""
    from ckan.lib import jobs

    try:
        waiting = jobs.get_queue().fetch_job(PORTAL_JOB_ID)
        if waiting is not None and waiting.get_status() in ("queued",
                                                            "scheduled"):
            return
        tk.enqueue_job(portal_job, title="Terbitkan berita seluruh situs",
                       rq_kwargs={"job_id": PORTAL_JOB_ID})
    except Exception:  # publishing the website must not fail on Redis
        log.exception("Could not queue the portal news publication")


def _all_items() -> list[dict[str, Any]]:
    urls = {s["harvest_source_id"]: s["url"] for s in _all_situs()}
    return [dict(r, situs_url=urls.get(r["harvest_source_id"], ""))
            for r in simpan.items_of()]


def _all_situs() -> list[dict[str, Any]]:
    return [dict(r) for r in model.Session.execute(
        sa.select(situs)).mappings()]


def _organisations_by_source() -> dict[str, str]:
    query = model.Session.query(model.Package.id, model.Group.name).join(
        model.Group, model.Group.id == model.Package.owner_org).filter(
        model.Package.type == "harvest")
    return {pid: name for pid, name in query}
