"""The Redis side of download counting: keys, client, daily salt."""
from __future__ import annotations

import datetime
import secrets
import zoneinfo
from typing import Any, Optional

import redis

import ckan.plugins.toolkit as tk

OPTION = "ckanext.bandaaceh.unduhan."
# the salt of a day outlives the day a little, for requests around midnight
SALT_TTL = 2 * 86400


def _prefix() -> str:
    return "bandaaceh:%s:unduhan:" % tk.config["ckan.site_id"]


def kunci_antrean() -> str:
    """The list every counted download is pushed to."""
    return _prefix() + "antrean"


def kunci_proses(batch_id: str) -> str:
    """A batch of events claimed by the aggregation job."""
    return _prefix() + "proses:" + batch_id


def kunci_daftar_proses() -> str:
    """Set of the ids of claimed batches not yet removed from Redis."""
    return _prefix() + "proses"


def kunci_garam(tanggal: datetime.date) -> str:
    return _prefix() + "garam:" + tanggal.isoformat()


def zona() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(tk.config[OPTION + "timezone"])


def hari_ini() -> datetime.date:
    return datetime.datetime.now(zona()).date()


def klien(timeout_ms: Optional[int] = None) -> redis.Redis:
    """A Redis client with short timeouts: a slow Redis must never hold a
    download for long."""
    if timeout_ms is None:
        timeout_ms = tk.config[OPTION + "redis_timeout"]
    seconds = timeout_ms / 1000.0
    return redis.Redis.from_url(tk.config["ckan.redis.url"],
                                socket_timeout=seconds,
                                socket_connect_timeout=seconds)


def garam(client: redis.Redis, tanggal: datetime.date) -> bytes:
    """The salt of the day: created once by whichever process needs it
    first (SET NX), expiring on its own; it is never written to the DB."""
    key = kunci_garam(tanggal)
    client.set(key, secrets.token_hex(32), nx=True, ex=SALT_TTL)
    value: Any = client.get(key)
    if not value:
        raise RuntimeError("salt of %s vanished from Redis" % tanggal)
    return value
