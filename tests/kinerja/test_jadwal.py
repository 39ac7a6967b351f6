"""The semester-end snapshot is really scheduled: RQ's cron scheduler (the
project's scheduling mechanism) registers the daily check, the check
queued on CKAN's queue is run by CKAN's worker, freezes the semester just
finished once, and leaves it alone afterwards."""
from __future__ import annotations

import datetime as dt

import pytest
from croniter import croniter

from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis

from ckanext.bandaaceh import jadwal as penjadwal_ekstensi
from ckanext.bandaaceh.kinerja import jadwal, kerangka, rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester

from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid")


@pytest.fixture
def bobot(bobot_uji, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)


def _penjadwal(monkeypatch):
    """The scorecard's jobs on the scheduler ``ckan bandaaceh jadwal``
    runs (``ckanext.bandaaceh.jadwal.start``), without blocking."""
    from rq.cron import CronScheduler

    started = []
    monkeypatch.setattr(CronScheduler, "start",
                        lambda self: started.append(self))
    penjadwal_ekstensi.start()
    assert len(started) == 1
    return _Kinerja(started[0])


class _Kinerja:
    """A scheduler seen through the scorecard's jobs only."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def get_jobs(self):
        return [j for j in self.scheduler.get_jobs()
                if j.func_name.startswith("ckanext.bandaaceh.kinerja.")]


@pytest.fixture
def penjadwal(monkeypatch):
    return _penjadwal(monkeypatch)


def test_the_scheduler_checks_daily_at_one_in_the_morning_wib(
        ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, rapor.OPTION_CACHE, 300)
    jobs_ = {j.func_name: j for j in _penjadwal(monkeypatch).get_jobs()}
    # the live scorecard cache is refreshed as often as it expires
    refresh = jobs_.pop("ckanext.bandaaceh.kinerja.rapor.segarkan")
    assert refresh.interval == 300
    (job,) = jobs_.values()
    assert job.func_name == "ckanext.bandaaceh.kinerja.jadwal.semester_lalu"
    assert job.queue_name == jobs.get_queue().name
    # 18:00 UTC is 01:00 WIB: the first run after the end of 2017-S1
    # (30 June, 24:00 WIB = 17:00 UTC) is the same evening in UTC
    after_end = dt.datetime(2017, 6, 30, 17, 0)
    first = croniter(job.cron, after_end).get_next(dt.datetime)
    assert first == dt.datetime(2017, 6, 30, 18, 0)
    assert (first + kerangka.WIB).date() == dt.date(2017, 7, 1)


def test_the_check_takes_the_last_semester_once(kota_uji, bobot):
    assert jadwal.semester_lalu(dt.date(2017, 7, 1)) == "2017-S1"
    frozen = rapor.potret(Semester(2017, 1))
    dinkes = next(r for r in frozen["skpk"] if r["skpk"] == "dinkes")
    assert dinkes["skor"] == 60.42
    # the next days: already taken, nothing happens
    assert jadwal.semester_lalu(dt.date(2017, 7, 2)) is None
    assert rapor.potret(Semester(2017, 1))["diambil"] == frozen["diambil"]
    assert jadwal.semester_lalu(dt.date(2017, 12, 31)) is None


def test_the_scheduled_job_runs_on_the_worker(kota_uji, bobot, penjadwal):
    (job,) = penjadwal.get_jobs()
    queue = jobs.get_queue()
    queue.empty()
    try:
        job.enqueue(connect_to_redis())
        assert len(queue.job_ids) == 1
        jobs.Worker().work(burst=True)  # CKAN's worker, forking
        assert queue.job_ids == []
    finally:
        queue.empty()
    # the job runs on today's date: the semester before the current one
    last = kerangka.semester_sebelumnya(kerangka.semester_ini())
    frozen = rapor.potret(last)
    assert frozen is not None
    assert {r["skpk"] for r in frozen["skpk"]} == {"dinkes", "disdukcapil"}
