"""The semester-end schedule of the scorecard, registered on the
extension's scheduler (``ckanext.bandaaceh.jadwal``, ``ckan bandaaceh
jadwal``).

``daftar`` has ``semester_lalu`` enqueued on CKAN's default queue every day
at 01:00 WIB; ``ckan jobs worker`` runs it. The job freezes and
publishes the semester just finished when it has no snapshot yet, so it
acts on 1 January and 1 July and, should the scheduler have been down
then, on the first day it runs again; every other day it does nothing.
It also enqueues ``rapor.segarkan`` every
``ckanext.bandaaceh.kinerja.cache_detik`` seconds, which recomputes the
live scorecard into the cache before requests need it.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.lib import jobs

from ckanext.bandaaceh.kinerja import kerangka, rapor

log = logging.getLogger(__name__)

# 01:00 WIB (UTC+7); RQ's cron runs in UTC
CRON = "0 18 * * *"


def semester_lalu(today: Optional[dt.date] = None) -> Optional[str]:
    """Freeze and publish the last finished semester unless it was taken;
    the semester taken, or None."""
    last = kerangka.semester_sebelumnya(kerangka.semester_ini(today))
    if rapor.potret(last) is not None:
        return None
    log.info("Semester %s ended without a scorecard snapshot: taking it",
             last)
    rapor.job(str(last))
    return str(last)


def daftar(scheduler: Any) -> None:
    """Register the semester-end snapshot and the refresh of the live
    scorecard cache on `scheduler` (RQ's ``CronScheduler``)."""
    scheduler.register(semester_lalu, jobs.get_queue().name, cron=CRON,
                       job_timeout=3600)
    interval = tk.config[rapor.OPTION_CACHE]
    if interval:
        # ttl: a refresh the worker could not start within one interval
        # is dropped (the next one comes anyway)
        scheduler.register(rapor.segarkan, jobs.get_queue().name,
                           interval=interval, job_timeout=max(60, interval),
                           ttl=interval)
