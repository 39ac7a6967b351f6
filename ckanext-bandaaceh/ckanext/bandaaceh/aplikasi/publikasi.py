"""The registry published as an open dataset, kept current by a job.

Every change of an ``aplikasi`` dataset queues one background job
(``ckan jobs worker`` runs it) that rewrites the dataset
``registri-aplikasi``: the registry itself as CSV and the per-SKPK
statistics as CSV. Files whose content did not change are left alone, so an
unchanged registry adds no activity.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.aplikasi import DATASET_TYPE, izin, statistik
from ckanext.bandaaceh.ekspor import publish_table
from ckanext.bandaaceh.loading import SyncReport, sync_dataset

log = logging.getLogger(__name__)

DATASET_NAME = "registri-aplikasi"
JOB_ID = "bandaaceh-terbitkan-registri-aplikasi"
REGISTRI_CSV = "Registri aplikasi dan layanan"
STATISTIK_CSV = "Statistik aplikasi per SKPK"

# Published columns: every registry field except the person in charge.
REGISTRI_COLUMNS = (
    "nama", "judul", "skpk", "nama_skpk", "unit", "kategori", "platform",
    "urls", "status_survei", "tanggal_survei", "rekomendasi",
    "tindak_lanjut", "status_pse", "nomor_tdpse", "tanggal_tdpse",
    "data_pribadi", "hosting", "tahun_operasi", "pengembang", "jenis_api",
    "api_base_url", "api_dokumentasi_url", "terhubung_mantra",
    "terhubung_open_data", "dataset_terkait", "url_portal")

def registri_rows(apps: list[statistik.Aplikasi]) -> list[dict[str, Any]]:
    site_url = tk.config.get("ckan.site_url").rstrip("/")
    return [dict(app.fields, nama=app.name, judul=app.title, skpk=app.skpk,
                 nama_skpk=app.skpk_title,
                 url_portal=f"{site_url}/{DATASET_TYPE}/{app.name}")
            for app in apps]


def _dataset_fields(owner_org: str) -> dict[str, Any]:
    return {
        "name": DATASET_NAME,
        "title": ("Registri Aplikasi dan Layanan Elektronik Pemerintah Kota "
                  "Banda Aceh"),
        "notes": (
            "Daftar aplikasi dan layanan elektronik Pemerintah Kota Banda "
            "Aceh yang tercatat di registri portal ini (kategori, platform, "
            "status survei, pendaftaran PSE, API dan keterhubungan dengan "
            "Mantra dan Open Data), beserta statistiknya per SKPK. "
            "Diperbarui otomatis setiap kali registri berubah."),
        "owner_org": owner_org,
        "license_id": "cc-by",
        "tags": [{"name": "aplikasi"}, {"name": "e-government"},
                 {"name": "layanan publik"}],
    }


def terbitkan() -> dict[str, Any]:
    """Write the registry and its statistics into ``registri-aplikasi``."""
    org = izin.penerbit()
    package, changed = sync_dataset(
        _dataset_fields(org.id), {"frekuensi_pembaruan": "tidak_tentu"})
    apps = statistik.registered()
    stats = statistik.statistik()
    changed |= publish_table(
        package, REGISTRI_CSV, registri_rows(apps), REGISTRI_COLUMNS,
        "registri-aplikasi.csv",
        {"format": "CSV",
         "description": "Satu baris per aplikasi atau layanan yang "
                        "tercatat (tanpa nama penanggung jawab)."})
    changed |= publish_table(
        package, STATISTIK_CSV, statistik.per_skpk_rows(stats),
        statistik.PER_SKPK_COLUMNS, "statistik-aplikasi-per-skpk.csv",
        {"format": "CSV",
         "description": "Jumlah aplikasi per SKPK dan kategori, dengan API, "
                        "terhubung Mantra/Open Data dan terdaftar PSE; baris "
                        "terakhir total kota."})
    return {"name": DATASET_NAME, "changed": changed}


def load() -> SyncReport:
    """Publish now, as a loader of the CLI (``load-demo``,
    ``publish-aplikasi``)."""
    report = SyncReport("Published registry")
    result = terbitkan()
    (report.updated if result["changed"] else report.unchanged).append(
        result["name"])
    return report


def job() -> None:
    """Background job: republish, logging instead of failing the queue when
    the e-government organisation is not set up."""
    try:
        result = terbitkan()
    except tk.ValidationError as e:
        log.error("Registry not published: %s", e.error_summary)
        return
    log.info("Registry published (%s)",
             "changed" if result["changed"] else "unchanged")


def jadwalkan() -> None:
    """Queue one publication job, unless one is already waiting (a burst of
    edits, e.g. an import, gives one publication)."""
    from ckan.lib import jobs

    try:
        waiting = jobs.get_queue().fetch_job(JOB_ID)
        if waiting is not None and waiting.get_status() in ("queued",
                                                            "scheduled"):
            return
        tk.enqueue_job(job, title="Terbitkan registri aplikasi",
                       rq_kwargs={"job_id": JOB_ID})
    except Exception:  # the edit itself must not fail because of Redis
        log.exception("Could not queue the registry publication")


def is_aplikasi(pkg_dict: dict[str, Any]) -> bool:
    """Whether an edited or deleted dataset belongs to the registry."""
    if pkg_dict.get("type"):
        return pkg_dict["type"] == DATASET_TYPE
    package = model.Package.get(pkg_dict.get("id") or "")
    return package is not None and package.type == DATASET_TYPE
