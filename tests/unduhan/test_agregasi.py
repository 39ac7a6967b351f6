"""Aggregation: exactly once, crash-safe, addresses never in clear."""
from __future__ import annotations

import datetime
import hashlib
import json
import threading

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.bandaaceh.unduhan import agregasi, antrean, statistik

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "redis_unduhan"),
]

TABLES = ("bandaaceh_unduhan_harian", "bandaaceh_unduhan_resource_bulanan",
          "bandaaceh_unduhan_dataset_bulanan",
          "bandaaceh_unduhan_skpk_bulanan", "bandaaceh_unduhan_batch")


def _ts(text):
    return int(datetime.datetime.fromisoformat(text).timestamp())


def _push(client, events):
    client.rpush(antrean.kunci_antrean(),
                 *[json.dumps(e, separators=(",", ":")) for e in events])


@pytest.fixture
def sumber():
    """Two SKPK, two datasets, three resources."""
    dinkes = factories.Organization(name="dinkes")
    disdik = factories.Organization(name="disdik")
    a = factories.Dataset(name="kasus-dbd", owner_org=dinkes["id"])
    b = factories.Dataset(name="sekolah", owner_org=disdik["id"])
    return {
        "dinkes": dinkes, "disdik": disdik, "a": a, "b": b,
        "a1": factories.Resource(package_id=a["id"]),
        "a2": factories.Resource(package_id=a["id"]),
        "b1": factories.Resource(package_id=b["id"]),
    }


def _rows(table):
    return [dict(r._mapping) for r in model.Session.execute(
        sa.text("SELECT * FROM %s" % table)).all()]


def _bulanan(table, key):
    return {(r["bulan"].strftime("%Y-%m"), r[key]): (r["jumlah"],
                                                      r["pengunjung_harian"])
            for r in _rows(table)}


def test_events_are_summed_per_day_month_resource_dataset_skpk(
        sumber, redis_unduhan):
    a1, a2, b1 = sumber["a1"]["id"], sumber["a2"]["id"], sumber["b1"]["id"]
    v1, v2 = "a" * 32, "b" * 32
    _push(redis_unduhan, [
        # 31 January 18:00 UTC is 1 February 01:00 in Banda Aceh (WIB)
        [_ts("2026-01-31T18:00:00+00:00"), a1, "upload", v1],
        [_ts("2026-01-31T16:00:00+00:00"), a1, "upload", v1],
        [_ts("2026-01-20T05:00:00+00:00"), a1, "upload", v1],
        [_ts("2026-01-20T06:00:00+00:00"), a1, "upload", v1],
        [_ts("2026-01-20T07:00:00+00:00"), a2, "link", v2],
        [_ts("2026-02-03T07:00:00+00:00"), b1, "datastore", v2],
    ])
    r = agregasi.agregasi()
    assert (r.batch, r.peristiwa, r.tercatat) == (1, 6, 6)
    assert _bulanan("bandaaceh_unduhan_resource_bulanan", "resource_id") == {
        ("2026-01", a1): (3, 2), ("2026-02", a1): (1, 1),
        ("2026-01", a2): (1, 1), ("2026-02", b1): (1, 1)}
    pa, pb = sumber["a"]["id"], sumber["b"]["id"]
    assert _bulanan("bandaaceh_unduhan_dataset_bulanan", "package_id") == {
        ("2026-01", pa): (4, 3), ("2026-02", pa): (1, 1),
        ("2026-02", pb): (1, 1)}
    dinkes, disdik = sumber["dinkes"]["id"], sumber["disdik"]["id"]
    assert _bulanan("bandaaceh_unduhan_skpk_bulanan", "owner_org") == {
        ("2026-01", dinkes): (4, 3), ("2026-02", dinkes): (1, 1),
        ("2026-02", disdik): (1, 1)}


def test_a_day_split_over_runs_keeps_unique_visitors_right(sumber,
                                                           redis_unduhan):
    a1 = sumber["a1"]["id"]
    event = [_ts("2026-03-10T05:00:00+00:00"), a1, "upload", "c" * 32]
    _push(redis_unduhan, [event])
    agregasi.agregasi()
    _push(redis_unduhan, [event, event])
    agregasi.agregasi()
    assert _bulanan("bandaaceh_unduhan_resource_bulanan", "resource_id") == {
        ("2026-03", a1): (3, 1)}


def test_nothing_queued_is_a_no_op(sumber, redis_unduhan):
    r = agregasi.agregasi()
    assert (r.batch, r.peristiwa) == (0, 0)
    assert all(_rows(t) == [] for t in TABLES)


def test_running_again_counts_nothing_twice(sumber, redis_unduhan):
    a1 = sumber["a1"]["id"]
    _push(redis_unduhan, [[_ts("2026-03-10T05:00:00+00:00"), a1, "upload",
                           "d" * 32]] * 5)
    agregasi.agregasi()
    before = {t: _rows(t) for t in TABLES}
    r = agregasi.agregasi()
    assert r.peristiwa == 0
    assert {t: _rows(t) for t in TABLES} == before
    assert statistik.unduhan_resource(a1)["jumlah"] == 5


def test_crash_before_commit_loses_nothing(sumber, redis_unduhan,
                                           monkeypatch):
    a1 = sumber["a1"]["id"]
    event = [_ts("2026-03-10T05:00:00+00:00"), a1, "upload", "e" * 32]
    _push(redis_unduhan, [event] * 7)

    def crash(conn):
        raise RuntimeError("worker killed")
    monkeypatch.setattr(agregasi, "perbarui_bulanan", crash)
    with pytest.raises(RuntimeError):
        agregasi.agregasi()
    assert all(_rows(t) == [] for t in TABLES)
    # the claimed batch waits in Redis; new downloads queue meanwhile
    assert redis_unduhan.scard(antrean.kunci_daftar_proses()) == 1
    _push(redis_unduhan, [event] * 2)
    monkeypatch.undo()
    r = agregasi.agregasi()
    assert (r.batch, r.tercatat) == (2, 9)
    assert statistik.unduhan_resource(a1)["jumlah"] == 9
    assert redis_unduhan.scard(antrean.kunci_daftar_proses()) == 0


def test_crash_after_commit_counts_nothing_twice(sumber, redis_unduhan,
                                                 monkeypatch):
    a1 = sumber["a1"]["id"]
    _push(redis_unduhan, [[_ts("2026-03-10T05:00:00+00:00"), a1, "upload",
                           "f" * 32]] * 4)

    def crash(client, batch_id):
        raise RuntimeError("worker killed")
    monkeypatch.setattr(agregasi, "hapus_dari_redis", crash)
    with pytest.raises(RuntimeError):
        agregasi.agregasi()
    assert statistik.unduhan_resource(a1)["jumlah"] == 4
    monkeypatch.undo()
    r = agregasi.agregasi()
    assert (r.batch, r.dilewati, r.tercatat) == (0, 1, 0)
    assert statistik.unduhan_resource(a1)["jumlah"] == 4
    assert not redis_unduhan.keys(antrean.kunci_proses("*"))


def test_parallel_aggregations_count_exactly_once(sumber, redis_unduhan):
    a1 = sumber["a1"]["id"]
    event = [_ts("2026-03-10T05:00:00+00:00"), a1, "upload", "1" * 32]
    errors = []

    def run():
        try:
            agregasi.agregasi()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            model.Session.remove()
    for _ in range(3):
        _push(redis_unduhan, [event] * 100)
        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert statistik.unduhan_resource(a1)["jumlah"] == 300


def test_malformed_and_unknown_events_are_skipped(sumber, redis_unduhan):
    a1 = sumber["a1"]["id"]
    ts = _ts("2026-03-10T05:00:00+00:00")
    redis_unduhan.rpush(antrean.kunci_antrean(), "not json", "[1,2]",
                        json.dumps([ts, "x'; DROP TABLE resource;--",
                                    "upload", "2" * 32]),
                        json.dumps([ts, "tidak-ada", "upload", "2" * 32]),
                        json.dumps([ts, a1, "upload", "2" * 32]))
    r = agregasi.agregasi()
    assert (r.peristiwa, r.tercatat) == (5, 1)
    assert statistik.unduhan_resource(a1)["jumlah"] == 1


def test_client_address_is_never_stored_in_clear(app, sumber, redis_unduhan,
                                                 create_with_upload):
    address = "203.0.113.77"
    resource = create_with_upload("a,b\n1,2\n", "x.csv",
                                  package_id=sumber["a"]["id"], url="x.csv")
    url = tk.h.url_for("resource.download", id=resource["package_id"],
                       resource_id=resource["id"])
    app.get(url, extra_environ={"REMOTE_ADDR": address}, status=200)
    queued = redis_unduhan.lrange(antrean.kunci_antrean(), 0, -1)
    assert len(queued) == 1 and address.encode() not in queued[0]
    agregasi.agregasi()
    dump = json.dumps([_rows(t) for t in TABLES], default=str)
    assert address not in dump
    # the stored hash is the salted SHA-256 of the address under the salt
    # of the day, which lives in Redis with an expiry and not in the DB
    key = antrean.kunci_garam(antrean.hari_ini())
    salt = redis_unduhan.get(key)
    assert 0 < redis_unduhan.ttl(key) <= antrean.SALT_TTL
    assert salt.decode() not in dump
    [row] = _rows("bandaaceh_unduhan_harian")
    stored = str(row["pengunjung"]).replace("-", "")
    assert stored == hashlib.sha256(salt + address.encode()).hexdigest()[:32]
    assert stored != hashlib.sha256(address.encode()).hexdigest()[:32]
