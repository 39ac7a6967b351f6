"""The live scorecard is kept in Redis for a while: served from there
until it expires, recomputed when the weights change, never in the way of
a frozen semester, and computed directly when Redis is away."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.lib.redis import connect_to_redis

from ckanext.bandaaceh.kinerja import kerangka, rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester

from tests.kinerja.conftest import unduhan
from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid")

S1 = Semester(2017, 1)
PER = dt.date(2017, 12, 31)


@pytest.fixture
def cache(kota_uji, bobot_uji, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    monkeypatch.setitem(ckan_config, rapor.OPTION_CACHE, 60)
    redis = connect_to_redis()
    pattern = f"{ckan_config['ckan.site_id']}:bandaaceh_kinerja:*"
    for key in redis.scan_iter(pattern):
        redis.delete(key)
    yield redis
    for key in redis.scan_iter(pattern):
        redis.delete(key)


def _dinkes(hasil):
    return next(r for r in hasil["skpk"] if r["skpk"] == "dinkes")["skor"]


def test_served_from_redis_until_it_expires(cache, kota_uji, ckan_config,
                                            monkeypatch):
    assert _dinkes(rapor.rapor(S1, PER)) == 60.42
    (key,) = [k for k in cache.scan_iter(
        f"{ckan_config['ckan.site_id']}:bandaaceh_kinerja:langsung:2017-S1:*")]
    assert 0 < cache.ttl(key) <= 60
    # more downloads: the live figures change, the cached ones are served
    unduhan(kota_uji["dinkes"], dt.date(2017, 3, 1), 30, 5)
    assert _dinkes(kerangka.hitung(S1, PER)) == 72.92
    assert _dinkes(rapor.rapor(S1, PER)) == 60.42
    cache.delete(key)  # as when it expires
    assert _dinkes(rapor.rapor(S1, PER)) == 72.92
    # off: computed every time, whatever the cache holds
    monkeypatch.setitem(ckan_config, rapor.OPTION_CACHE, 0)
    model.Session.execute(sa.text(
        "DELETE FROM bandaaceh_unduhan_skpk_bulanan WHERE bulan = :b"),
        {"b": dt.date(2017, 3, 1)})
    model.Session.commit()
    assert cache.exists(key)
    assert _dinkes(rapor.rapor(S1, PER)) == 60.42


def test_new_weights_are_not_answered_from_the_cache(cache, bobot_uji,
                                                    tmp_path, ckan_config,
                                                    monkeypatch):
    assert _dinkes(rapor.rapor(S1, PER)) == 60.42
    other = tmp_path / "lain.yaml"
    other.write_text(open(bobot_uji).read().replace("target: 60",
                                                    "target: 30"))
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, str(other))
    # opendata (2/4 + 2/2 + 2 * 1) / 4 = 0.875: (2 * 0.875 + 0.6667 + 0.5)
    # / 4
    assert _dinkes(rapor.rapor(S1, PER)) == 72.92


def test_a_frozen_semester_wins_over_the_cache(cache, kota_uji):
    assert rapor.rapor(S1, PER)["sumber"] == "langsung"
    unduhan(kota_uji["dinkes"], dt.date(2017, 3, 1), 30, 5)
    rapor.ambil(S1, PER)
    served = rapor.rapor(S1, PER)
    assert served["sumber"] == "potret"
    assert _dinkes(served) == 72.92


def test_without_redis_the_scorecard_is_computed(cache, ckan_config,
                                                 monkeypatch):
    from ckan.lib import redis as ckan_redis

    monkeypatch.setitem(ckan_config, "ckan.redis.url",
                        "redis://127.0.0.1:1/0")
    monkeypatch.setattr(ckan_redis, "_connection_pool", None)
    assert _dinkes(rapor.rapor(S1, PER)) == 60.42


def test_the_refresh_job_fills_the_cache_before_requests(cache, kota_uji,
                                                         ckan_config):
    running = dt.date(2017, 8, 10)
    # 2017-S2 runs, 2017-S1 is not frozen yet: both are refreshed
    assert rapor.segarkan(running) == ["2017-S2", "2017-S1"]
    keys = list(cache.scan_iter(
        f"{ckan_config['ckan.site_id']}:bandaaceh_kinerja:langsung:*"))
    assert len(keys) == 2
    assert all(60 < cache.ttl(k) <= 120 for k in keys)
    # a request now reads what the job computed
    unduhan(kota_uji["dinkes"], dt.date(2017, 3, 1), 30, 5)
    assert _dinkes(rapor.rapor(S1, running)) == 60.42
    rapor.ambil(S1, running)
    assert rapor.segarkan(running) == ["2017-S2"]
