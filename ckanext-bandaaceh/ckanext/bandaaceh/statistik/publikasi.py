"""The portal statistics published as an open dataset every month.

The pattern of ``aplikasi.publikasi``: a dataset owned by the e-government
office (``ckanext.bandaaceh.aplikasi.egov_organization``) whose CSV
resources ``ekspor.publish_table`` keeps current (and in the DataStore).
The monthly table holds finished months only and the SKPK table is taken
once a month, so a published file changes once a month; the dataset's
``statistik_bulan`` extra says which month was last published.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import statistik
from ckanext.bandaaceh.aplikasi import izin
from ckanext.bandaaceh.ekspor import publish_table
from ckanext.bandaaceh.loading import sync_dataset
from ckanext.bandaaceh.unduhan import antrean

log = logging.getLogger(__name__)

OPTION = "ckanext.bandaaceh.statistik.dataset"
JOB_ID = "bandaaceh-terbitkan-statistik-portal"
BULANAN_CSV = "Statistik bulanan portal"
SKPK_CSV = "Statistik portal per SKPK"
# months of the monthly table
BULAN = 24

def _dataset_fields(owner_org: str) -> dict[str, Any]:
    return {
        "name": tk.config[OPTION],
        "title": "Statistik Portal Open Data Banda Aceh",
        "notes": (
            "Statistik portal ini: unduhan per bulan (semua berkas dan "
            "berkas CSV), sumber data CSV yang dibuat dan diperbarui per "
            "bulan, serta per SKPK jumlah dataset publik, sumber CSV, "
            "unduhan dan kesegaran dataset (tepat waktu, jatuh tempo, "
            "terlambat, menunggak menurut frekuensi pembaruannya). "
            "Diperbarui otomatis setiap bulan."),
        "owner_org": owner_org,
        "license_id": "cc-by",
        "tags": [{"name": "statistik"}, {"name": "open data"}],
    }


def bulan_terbit(hari: Optional[Any] = None) -> str:
    """The month a publication made today stands for (``YYYY-MM``)."""
    return (hari or antrean.hari_ini()).strftime("%Y-%m")


def sudah_terbit(bulan: str) -> bool:
    package = model.Package.get(tk.config[OPTION])
    return (package is not None and package.state == "active"
            and (package.extras or {}).get("statistik_bulan") == bulan)


def terbitkan(hari: Optional[Any] = None) -> dict[str, Any]:
    """Write the monthly table (the finished months) and the per-SKPK
    table into the statistics dataset."""
    hari = hari or antrean.hari_ini()
    org = izin.penerbit()
    bulan = bulan_terbit(hari)
    package, changed = sync_dataset(
        _dataset_fields(org.id), {"frekuensi_pembaruan": "bulanan",
                                  "statistik_bulan": bulan})
    akhir = statistik.geser_bulan(hari.replace(day=1), -1)
    awal = statistik.geser_bulan(akhir, 1 - BULAN)
    changed |= publish_table(
        package, BULANAN_CSV, statistik.bulanan(awal, akhir),
        statistik.KOLOM_BULANAN, "statistik-bulanan-portal.csv",
        {"format": "CSV",
         "description": "Satu baris per bulan yang sudah selesai: unduhan "
                        "(semua dan CSV), sumber CSV dibuat dan "
                        "diperbarui."})
    rows = [dict(r, bulan=bulan) for r in statistik.per_skpk(
        hari.replace(day=1), hari.replace(day=1), hari)]
    changed |= publish_table(
        package, SKPK_CSV, rows, ("bulan",) + statistik.KOLOM_SKPK,
        "statistik-portal-per-skpk.csv",
        {"format": "CSV",
         "description": "Satu baris per SKPK pada bulan terbit: dataset "
                        "publik, sumber CSV, unduhan bulan itu dan "
                        "kesegaran dataset."})
    return {"name": package["name"], "bulan": bulan, "changed": changed}


def job(paksa: bool = False) -> None:
    """Background job: publish once a month (again with `paksa`)."""
    if not paksa and sudah_terbit(bulan_terbit()):
        log.info("Portal statistics of %s already published",
                 bulan_terbit())
        return
    try:
        result = terbitkan()
    except tk.ValidationError as e:
        log.error("Portal statistics not published: %s", e.error_summary)
        return
    log.info("Portal statistics published for %s (%s)", result["bulan"],
             "changed" if result["changed"] else "unchanged")


def jadwalkan(paksa: bool = False) -> Any:
    """Queue one publication job unless one is waiting."""
    from ckan.lib import jobs

    waiting = jobs.get_queue().fetch_job(JOB_ID)
    if waiting is not None and waiting.get_status() in ("queued",
                                                        "scheduled"):
        return waiting
    return tk.enqueue_job(job, [paksa], title="Terbitkan statistik portal",
                          rq_kwargs={"job_id": JOB_ID})


# 02:00 WIB (UTC+7) every day; RQ's cron runs in UTC. The job does nothing
# once the month is published, so the first day of a month publishes it.
CRON = "0 19 * * *"


def daftar(scheduler: Any) -> None:
    """Register the monthly publication on `scheduler` (RQ's
    ``CronScheduler``, ``ckanext.bandaaceh.jadwal``)."""
    from ckan.lib import jobs

    scheduler.register(job, jobs.get_queue().name, cron=CRON,
                       job_timeout=3600)
