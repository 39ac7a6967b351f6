"""Moving download events from Redis into PostgreSQL, exactly once.

1. Claim: a Lua script renames the queue to ``proses:<batch id>`` and adds
   the id to the set of claimed batches, atomically; downloads keep pushing
   to a fresh queue.
2. Per claimed batch, in one PostgreSQL transaction under an advisory lock:
   skip it when ``bandaaceh_unduhan_batch`` already has its id; otherwise
   COPY its events as they are into a temporary table, parse and check
   them in SQL, upsert the daily rows, recompute the monthly rows they
   touch and record the batch id.
3. After the commit the batch is deleted from Redis.

A crash before the commit leaves the batch in Redis for the next run; a
crash after it leaves a batch the next run recognises and only deletes.
"""
from __future__ import annotations

import dataclasses
import io
import logging
import uuid
from typing import Any, Iterator, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.model import unduhan as tables
from ckanext.bandaaceh.unduhan import antrean

log = logging.getLogger(__name__)

# any 63-bit number; the same for every aggregating process
ADVISORY_LOCK = 1171_0006_0001
# hash aggregates of a large batch stay in memory
WORK_MEM = "256MB"

_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[1])
  return 1
end
return 0
"""

# the exact shape pencatat writes: [time,"resource id","kind","visitor"];
# anything else is skipped. No capture groups and no long bounded
# repetitions: PostgreSQL then matches with a fast DFA.
EVENT_PATTERN = (r'^\[ *[0-9]{1,12} *, *"[A-Za-z0-9_.-]+" *, *'
                 r'"(upload|link|datastore)" *, *"[0-9a-f]+" *\]$')


@dataclasses.dataclass
class Ringkasan:
    """What one aggregation run did."""
    batch: int = 0
    peristiwa: int = 0
    tercatat: int = 0
    dilewati: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def klaim(client: Any) -> Optional[str]:
    """Claim the queued events as a new batch; its id, or None if empty."""
    batch_id = uuid.uuid4().hex
    claimed = client.eval(_CLAIM, 3, antrean.kunci_antrean(),
                          antrean.kunci_proses(batch_id),
                          antrean.kunci_daftar_proses(), batch_id)
    return batch_id if claimed else None


def _chunks(client: Any, key: str, size: int) -> Iterator[tuple[int, bytes]]:
    """The batch's events, ``size`` at a time, as COPY text (one a line;
    backslashes escaped, so nothing in an event is read as COPY syntax)."""
    start = 0
    while True:
        raw = client.lrange(key, start, start + size - 1)
        if not raw:
            return
        start += len(raw)
        text = b"\n".join(raw).replace(b"\\", b"\\\\").replace(b"\r", b"")
        yield len(raw), text + b"\n"
        if len(raw) < size:
            return


# parsed apart from the join: the planner knows nothing of the temporary
# table, and a regex inside a join condition would run once per pair
_PARSE = """
CREATE TEMP TABLE unduhan_urai ON COMMIT DROP AS
SELECT btrim(split_part(e, ',', 1), '[ ')::bigint AS ts,
       split_part(e, '"', 2) AS resource_id,
       split_part(e, '"', 4) AS jenis,
       split_part(e, '"', 6)::uuid AS pengunjung
FROM unduhan_mentah
WHERE e ~ :pattern
  AND length(split_part(e, '"', 2)) <= 128
  AND length(split_part(e, '"', 6)) = 32
"""

_RESOLVE = """
CREATE TEMP TABLE unduhan_masuk ON COMMIT DROP AS
SELECT (to_timestamp(u.ts) AT TIME ZONE :tz)::date AS tanggal,
       u.resource_id, u.jenis, u.pengunjung, r.package_id, p.owner_org
FROM unduhan_urai u
JOIN resource r ON r.id = u.resource_id
JOIN package p ON p.id = r.package_id
"""

# rows go in in key order, so the primary key index is filled
# sequentially instead of at random
_UPSERT_HARIAN = """
INSERT INTO bandaaceh_unduhan_harian AS h
    (resource_id, tanggal, pengunjung, jenis, package_id, owner_org, jumlah)
SELECT resource_id, tanggal, pengunjung, jenis, min(package_id),
       min(owner_org), count(*)
FROM unduhan_masuk
GROUP BY resource_id, tanggal, pengunjung, jenis
ORDER BY resource_id, tanggal, pengunjung, jenis
ON CONFLICT (resource_id, tanggal, pengunjung, jenis)
DO UPDATE SET jumlah = h.jumlah + EXCLUDED.jumlah
"""

# Monthly rows are recomputed from the daily rows of the months a batch
# touched, so the unique-visitor sums stay right when a day is aggregated
# over several runs. Two grouping levels let PostgreSQL hash instead of
# sorting for a DISTINCT.
_UPSERT_BULANAN = """
INSERT INTO {table} AS b (bulan, {key}, jumlah, pengunjung_harian)
SELECT date_trunc('month', d.tanggal)::date, d.{key}, sum(d.jumlah),
       count(*)
FROM (SELECT h.tanggal, h.{key}, h.pengunjung, sum(h.jumlah) AS jumlah
      FROM bandaaceh_unduhan_harian h
      JOIN (SELECT DISTINCT date_trunc('month', tanggal)::date AS bulan,
                   {key}
            FROM unduhan_masuk WHERE {key} IS NOT NULL) s
        ON s.{key} = h.{key}
       AND h.tanggal >= s.bulan
       AND h.tanggal < (s.bulan + interval '1 month')::date
      GROUP BY h.tanggal, h.{key}, h.pengunjung) d
GROUP BY 1, 2
ON CONFLICT (bulan, {key})
DO UPDATE SET jumlah = EXCLUDED.jumlah,
              pengunjung_harian = EXCLUDED.pengunjung_harian
"""

BULANAN = ((tables.resource_bulanan.name, "resource_id"),
           (tables.dataset_bulanan.name, "package_id"),
           (tables.skpk_bulanan.name, "owner_org"))


def _copy(conn: sa.Connection, text: bytes) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.copy_expert("COPY unduhan_mentah (e) FROM STDIN",
                           io.BytesIO(text))
    finally:
        cursor.close()


def perbarui_bulanan(conn: sa.Connection) -> None:
    """Recompute the monthly rows touched by this batch."""
    for table, key in BULANAN:
        conn.execute(sa.text(_UPSERT_BULANAN.format(table=table, key=key)))


def simpan_batch(conn: sa.Connection, client: Any, batch_id: str,
                 ringkasan: Ringkasan) -> None:
    """Move one claimed batch into the tables (inside ``conn``'s
    transaction)."""
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                 {"k": ADVISORY_LOCK})
    done = conn.execute(sa.text(
        "SELECT 1 FROM bandaaceh_unduhan_batch WHERE id = :id"),
        {"id": batch_id}).first()
    if done:
        ringkasan.dilewati += 1
        return
    conn.execute(sa.text("SET LOCAL work_mem = '%s'" % WORK_MEM))
    conn.execute(sa.text(
        "CREATE TEMP TABLE unduhan_mentah (e text) ON COMMIT DROP"))
    peristiwa = 0
    for count, text in _chunks(client, antrean.kunci_proses(batch_id),
                               tk.config[antrean.OPTION + "batch_size"]):
        peristiwa += count
        _copy(conn, text)
    conn.execute(sa.text(_PARSE), {"pattern": EVENT_PATTERN})
    conn.execute(sa.text("ANALYZE unduhan_urai"))
    conn.execute(sa.text(_RESOLVE),
                 {"tz": tk.config[antrean.OPTION + "timezone"]})
    conn.execute(sa.text("ANALYZE unduhan_masuk"))
    tercatat = conn.execute(sa.text(
        "SELECT count(*) FROM unduhan_masuk")).scalar_one()
    if tercatat < peristiwa:
        log.warning("batch %s: %d of %d events skipped (malformed or of a "
                    "resource no longer in the database)", batch_id,
                    peristiwa - tercatat, peristiwa)
    conn.execute(sa.text(_UPSERT_HARIAN))
    perbarui_bulanan(conn)
    conn.execute(sa.text(
        "INSERT INTO bandaaceh_unduhan_batch (id, peristiwa, tercatat) "
        "VALUES (:id, :peristiwa, :tercatat)"),
        {"id": batch_id, "peristiwa": peristiwa, "tercatat": tercatat})
    ringkasan.peristiwa += peristiwa
    ringkasan.tercatat += tercatat
    ringkasan.batch += 1


def hapus_dari_redis(client: Any, batch_id: str) -> None:
    """Forget a batch that is safely in PostgreSQL."""
    pipe = client.pipeline(transaction=True)
    pipe.delete(antrean.kunci_proses(batch_id))
    pipe.srem(antrean.kunci_daftar_proses(), batch_id)
    pipe.execute()


def agregasi() -> Ringkasan:
    """Aggregate every queued and every left-over claimed batch."""
    client = antrean.klien(timeout_ms=60_000)
    ringkasan = Ringkasan()
    klaim(client)
    pending = sorted(m.decode() for m in
                     client.smembers(antrean.kunci_daftar_proses()))
    for batch_id in pending:
        with model.meta.engine.begin() as conn:
            simpan_batch(conn, client, batch_id, ringkasan)
        hapus_dari_redis(client, batch_id)
    log.info("download aggregation: %s", ringkasan.as_dict())
    return ringkasan
