"""The extension's one scheduler, on RQ's cron scheduler as the news
harvester's is (``ckanext.bandaaceh_harvest.berita.jadwal``).

``ckan bandaaceh jadwal`` (a background process of ``scripts/portal.sh``)
runs it; each concept registers its own jobs on CKAN's default queue,
which ``ckan jobs worker`` runs: the scorecard
(``kinerja.jadwal.daftar``) and the monthly statistics publication
(``statistik.publikasi.daftar``).
"""
from __future__ import annotations

from typing import Any


def penjadwal() -> Any:
    """The scheduler with every job registered (not started)."""
    from rq.cron import CronScheduler

    from ckan.lib.redis import connect_to_redis

    from ckanext.bandaaceh.kinerja import jadwal as kinerja_jadwal
    from ckanext.bandaaceh.statistik import publikasi

    scheduler = CronScheduler(connection=connect_to_redis(),
                              name="bandaaceh")
    kinerja_jadwal.daftar(scheduler)
    publikasi.daftar(scheduler)
    return scheduler


def start() -> None:
    """Run the scheduler (blocks)."""
    penjadwal().start()
