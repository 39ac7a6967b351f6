"""The announcer: the city's channels get one new headline per slot.

Every slot (``pengumuman.interval``, 6 minutes) each configured channel --
a Mastodon-compatible API and a generic JSON webhook -- receives the oldest
headline it has not accepted yet, among those published within
``pengumuman.max_age_days``. Each channel keeps its own queue in
``bandaaceh_berita_pengumuman`` (one row per headline and channel): an
accepted post is never sent again there, a failed one is recorded with its
error and retried in the next slot, and a failing channel does not hold the
other back. A headline the channel refuses for what it is (HTTP 400, 413,
422: too long, invalid) is not offered to that channel again, and neither is
one that failed `BATAS_PERCOBAAN` times, so one bad headline never holds up
the ones after it; refusals of the channel itself (401, 403, 404: a wrong
token or address) and server or network failures are retried. The ``Idempotency-Key`` derived from the headline lets a
Mastodon server drop a post retried after an answer that got lost.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.bandaaceh_harvest.fetcher import (
    FetchError, HTTPStatusError, get_fetcher)
from ckanext.bandaaceh_harvest.berita.model import item, pengumuman, situs

log = logging.getLogger(__name__)

PREFIX = "ckanext.bandaaceh_harvest.berita.pengumuman."
MASTODON = "mastodon"
WEBHOOK = "webhook"
# Mastodon's default limit is 500 characters
STATUS_MAX = 500


@dataclasses.dataclass(frozen=True)
class Kanal:
    nama: str
    url: str
    token: str


def kanal_aktif() -> list[Kanal]:
    """The channels switched on in the configuration (URL set; Mastodon
    needs its token too)."""
    channels = []
    mastodon_url = tk.config[PREFIX + "mastodon_url"].strip().rstrip("/")
    mastodon_token = tk.config[PREFIX + "mastodon_token"].strip()
    if mastodon_url and mastodon_token:
        channels.append(Kanal(MASTODON, mastodon_url + "/api/v1/statuses",
                              mastodon_token))
    webhook_url = tk.config[PREFIX + "webhook_url"].strip()
    if webhook_url:
        channels.append(Kanal(WEBHOOK, webhook_url,
                              tk.config[PREFIX + "webhook_token"].strip()))
    return channels


def idempotency_key(row: dict[str, Any]) -> str:
    """Stable per headline: its website and identity key, never the row
    id (a re-created row keeps its key)."""
    digest = hashlib.sha256(
        f"{row['situs_id']}\n{row['key']}".encode("utf-8")).hexdigest()
    return "odba-berita-" + digest[:40]


def _iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def teks_status(row: dict[str, Any]) -> str:
    """Plain text of a post: the title, then the link."""
    room = STATUS_MAX - len(row["link"]) - 1
    title = row["title"]
    if len(title) > room:
        title = title[:max(0, room - 1)].rstrip() + "…"
    return f"{title}\n{row['link']}"


def isi_webhook(row: dict[str, Any]) -> dict[str, str]:
    return {"judul": row["title"], "tautan": row["link"],
            "unit": row["unit"], "diterbitkan": _iso(row["published_at"])}


# failed attempts after which a headline is no longer offered to a channel
BATAS_PERCOBAAN = 5
# answers that refuse the headline itself: sending it again cannot succeed
DITOLAK_PERMANEN = frozenset({400, 413, 422})


def calon(kanal: str, now: dt.datetime) -> Optional[dict[str, Any]]:
    """The oldest headline not yet accepted by ``kanal``, published within
    the age limit by an active source. Headlines whose date could not be
    read have no age and are never announced."""
    max_age = int(tk.config[PREFIX + "max_age_days"])
    Package, Group = model.Package, model.Group
    done = sa.select(pengumuman.c.item_id).where(
        pengumuman.c.kanal == kanal,
        sa.or_(pengumuman.c.terkirim.is_not(None),
               pengumuman.c.percobaan >= BATAS_PERCOBAAN))
    query = (
        sa.select(item.c.id, item.c.situs_id, item.c.key, item.c.title,
                  item.c.link, item.c.published_at,
                  Group.title.label("unit"))
        .join(situs, situs.c.id == item.c.situs_id)
        .join(Package, Package.id == situs.c.harvest_source_id)
        .join(Group, Group.id == Package.owner_org)
        .where(Package.state == model.State.ACTIVE,
               item.c.date_ok.is_(True),
               item.c.published_at >= now - dt.timedelta(days=max_age),
               item.c.published_at <= now,
               item.c.id.not_in(done))
        .order_by(item.c.published_at, item.c.id).limit(1))
    row = model.Session.execute(query).mappings().first()
    return dict(row) if row else None


def kirim(kanal: Kanal, row: dict[str, Any]) -> None:
    """Post one headline to one channel; raises FetchError."""
    headers = {"Idempotency-Key": idempotency_key(row)}
    if kanal.token:
        headers["Authorization"] = f"Bearer {kanal.token}"
    if kanal.nama == MASTODON:
        get_fetcher().post(kanal.url, data={"status": teks_status(row)},
                           headers=headers)
    else:
        get_fetcher().post(kanal.url, json=isi_webhook(row),
                           headers=headers)


def _catat(item_id: int, kanal: str, now: dt.datetime,
           galat: Optional[str], permanen: bool = False) -> None:
    """Record an attempt; a `permanen` refusal uses up every attempt."""
    first = BATAS_PERCOBAAN if permanen else 1
    later = (sa.literal(BATAS_PERCOBAAN) if permanen
             else pengumuman.c.percobaan + 1)
    stmt = insert(pengumuman).values(
        item_id=item_id, kanal=kanal, percobaan=first, dicoba=now,
        galat=galat, terkirim=None if galat else now)
    stmt = stmt.on_conflict_do_update(
        index_elements=["item_id", "kanal"],
        set_={"percobaan": later, "dicoba": now,
              "galat": galat, "terkirim": None if galat else now})
    model.Session.execute(stmt)
    model.Session.commit()


def _lock_key() -> str:
    return "%s:bandaaceh_berita:umumkan" % tk.config["ckan.site_id"]


def umumkan(now: Optional[dt.datetime] = None) -> dict[str, Any]:
    """One slot: at most one headline per channel. Returns, per channel,
    the item posted (``terkirim``) or failed (``gagal`` with the error);
    ``dilewati`` when another slot still runs."""
    now = now or dt.datetime.utcnow()
    interval = int(tk.config[PREFIX + "interval"])
    lock = connect_to_redis().lock(_lock_key(), timeout=max(60, interval))
    if not lock.acquire(blocking=False):
        log.info("Announcement slot skipped: the previous one still runs")
        return {"dilewati": True, "kanal": {}}
    try:
        results: dict[str, Any] = {}
        for kanal in kanal_aktif():
            row = calon(kanal.nama, now)
            if row is None:
                results[kanal.nama] = None
                continue
            try:
                kirim(kanal, row)
            except FetchError as e:
                log.warning("Announcement of item %s to %s failed: %s",
                            row["id"], kanal.nama, e)
                permanen = (isinstance(e, HTTPStatusError)
                            and e.status in DITOLAK_PERMANEN)
                _catat(row["id"], kanal.nama, now, str(e), permanen)
                results[kanal.nama] = {"item_id": row["id"],
                                       "judul": row["title"],
                                       "gagal": str(e)}
                continue
            _catat(row["id"], kanal.nama, now, None)
            results[kanal.nama] = {"item_id": row["id"],
                                   "judul": row["title"], "terkirim": True}
        return {"dilewati": False, "kanal": results}
    finally:
        try:
            lock.release()
        except Exception:  # expired meanwhile; nothing to release
            pass
