"""The 5-minute schedule of the news sources.

``siklus`` (one cycle) runs as an RQ job: under a Redis lock, so cycles
never overlap, it closes finished harvest jobs and creates a harvest job
(put on ckanext-harvest's gather queue) for every active news source that
has none waiting or running. ``start`` runs RQ's cron scheduler, which
enqueues ``siklus`` on CKAN's default queue every interval; ``ckan jobs
worker`` runs it, the harvest gather and fetch consumers do the harvesting.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis

from ckanext.harvest.logic import HarvestJobExists
from ckanext.harvest.model import HarvestJob, HarvestSource

from ckanext.bandaaceh.loading import site_context
from ckanext.bandaaceh_harvest.berita.panen import HARVESTER_INFO

log = logging.getLogger(__name__)


def _lock_key() -> str:
    return "%s:bandaaceh_berita:siklus" % tk.config["ckan.site_id"]


def due_sources() -> list[HarvestSource]:
    """Active news sources without a job waiting or running."""
    busy = model.Session.query(HarvestJob.source_id).filter(
        HarvestJob.status.in_(("New", "Running")))
    return model.Session.query(HarvestSource).filter(
        HarvestSource.type == HARVESTER_INFO["name"],
        HarvestSource.active == True,  # noqa: E712
        ~HarvestSource.id.in_(busy)).order_by(HarvestSource.url).all()


def siklus(run: bool = True) -> dict[str, Any]:
    """One cycle; ``run`` false creates the jobs without queueing them."""
    interval = int(tk.config["ckanext.bandaaceh_harvest.berita.interval"])
    lock = connect_to_redis().lock(_lock_key(), timeout=max(60, interval))
    if not lock.acquire(blocking=False):
        log.info("News cycle skipped: the previous one is still running")
        return {"dilewati": True, "dibuat": 0}
    try:
        # closes finished jobs, so their sources are due again
        tk.get_action("harvest_jobs_run")(site_context(), {})
        created = 0
        for source in due_sources():
            try:
                tk.get_action("harvest_job_create")(
                    site_context(), {"source_id": source.id, "run": run})
                created += 1
            except HarvestJobExists:
                continue
        log.info("News cycle: %d harvest jobs created", created)
        return {"dilewati": False, "dibuat": created}
    finally:
        try:
            lock.release()
        except Exception:  # expired meanwhile; nothing to release
            pass


def start() -> None:
    """Run RQ's cron scheduler for the news cycle, the announcer and the
    semester reminders (blocks)."""
    from rq.cron import CronScheduler

    interval = int(tk.config["ckanext.bandaaceh_harvest.berita.interval"])
    scheduler = CronScheduler(connection=connect_to_redis(),
                              name="bandaaceh-berita")
    # ttl: a cycle the worker could not start within one interval is
    # dropped, so a stopped worker does not leave a pile of cycles behind
    scheduler.register(siklus, jobs.get_queue().name, interval=interval,
                       job_timeout=max(60, interval), ttl=interval)
    # the announcer (one headline per channel and slot) and the daily
    # semester-reminder check (sends in June and December only), at 09:00
    # WIB
    from ckanext.bandaaceh_harvest.berita import pengingat, pengumuman
    slot = int(tk.config["ckanext.bandaaceh_harvest.berita.pengumuman."
                         "interval"])
    scheduler.register(pengumuman.umumkan, jobs.get_queue().name,
                       interval=slot, job_timeout=max(60, slot), ttl=slot)
    scheduler.register(pengingat.harian, jobs.get_queue().name,
                       cron="0 2 * * *", job_timeout=3600)
    scheduler.start()
