"""The harvest stages of the news harvester.

gather: read the website's feed (conditional GET), store its items in our
tables, and create one harvest object for the website when something is to
be published. fetch: nothing left to do. import: publish the website's
dataset and queue the republication of the portal-wide dataset.

A failed read or parse is a gather error on the harvest job (shown on the
source's job page); stored items are never removed by a failure.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any, Optional

import ckan.model as model

from ckanext.harvest.model import (
    HarvestGatherError, HarvestObject, HarvestObjectError)

from ckanext.bandaaceh_harvest import objek
from ckanext.bandaaceh_harvest.berita import publikasi, simpan, sumber, urai
from ckanext.bandaaceh_harvest.fetcher import (
    FetchError, FetchResult, HostBackedOff, HTTPStatusError, get_fetcher)

log = logging.getLogger(__name__)

HARVESTER_INFO = {
    "name": "bandaaceh_berita",
    "title": "Berita situs web (RSS/Atom/WordPress)",
    "description": ("Memanen judul berita situs web SKPK, gampong atau "
                    "dayah dari umpan RSS/Atom atau WordPress REST API, "
                    "setiap 5 menit."),
}


def validate_config(raw: Optional[str]) -> str:
    """Normalised config JSON; ValueError (Indonesian) when invalid."""
    config = sumber.parse_config(raw)
    data: dict[str, Any] = {"mode": config.mode}
    if config.url:
        data["url"] = config.url
    return json.dumps(data)


def _gather_error(job, message: str) -> None:
    HarvestGatherError(message=message, job=job).save()


def _parse(kind: str, body: bytes) -> urai.Feed:
    if kind == "wp_rest":
        return urai.parse_wp_rest(body)
    return urai.parse_feed(body)


@dataclasses.dataclass
class _Read:
    """What one gather read: the URL, the answer and the parsed feed (None
    when not modified), plus what the home page told."""
    url: str
    result: FetchResult
    feed: Optional[urai.Feed]
    generator: str = ""
    wpmu: Optional[bool] = None


def _fetch(row: dict[str, Any], url: str, kind: str) -> _Read:
    same = row.get("feed_url") == url
    result = get_fetcher().fetch(
        url, etag=row.get("etag") if same else None,
        last_modified=row.get("last_modified") if same else None)
    feed = None if result.not_modified else _parse(kind, result.body)
    return _Read(url, result, feed)


def _discover_and_fetch(row: dict[str, Any], home: str) -> _Read:
    page = get_fetcher().fetch(home)
    found = sumber.discover(page.url, page.body,
                            page.headers.get("Link", ""))
    candidates = ([(found.wp_rest, "wp_rest")] if found.wp_rest else []) + [
        (url, "feed") for url in found.feeds]
    if not candidates:
        raise urai.FeedError(
            f"Tidak ditemukan umpan RSS/Atom atau WordPress REST API pada "
            f"halaman {home}. Isi konfigurasi sumber dengan "
            f'{{"mode": "feed", "url": "..."}}.')
    error: Optional[Exception] = None
    for url, kind in candidates:
        try:
            read = _fetch(row, url, kind)
        except (FetchError, urai.FeedError) as e:
            error = error or e
            continue
        read.generator = found.generator
        read.wpmu = urai.detect_wpmu(page.body)
        return read
    raise error


def read_situs(row: dict[str, Any], config: sumber.SourceConfig,
               home: str) -> _Read:
    """Fetch and parse the website's news as configured."""
    if config.mode == "feed":
        return _fetch(row, config.url or home, "feed")
    if config.mode == "wp_rest":
        return _fetch(row, sumber.wp_rest_url(home), "wp_rest")
    if row.get("feed_url") and row.get("kind"):
        try:
            return _fetch(row, row["feed_url"], row["kind"])
        except HTTPStatusError as e:
            if e.status not in (401, 403, 404, 410):
                raise
            log.info("%s moved (%s): discovering again", row["feed_url"],
                     e.status)
    return _discover_and_fetch(row, home)


def remember(row: dict[str, Any], read: _Read) -> tuple[int, int, bool]:
    """Store what a successful read brought and the website's state:
    (new items, updated items, whether the dataset must be published)."""
    stamp = simpan.now()
    if read.result.not_modified:
        simpan.update_situs(row["id"], last_checked=stamp,
                            last_success=stamp, failures=0, last_error=None)
        return 0, 0, bool(row["needs_publish"])
    feed = read.feed
    new, updated = simpan.store_items(row["id"], feed.items)
    generator = read.generator or feed.generator or row["generator"]
    wordpress = bool(feed.wordpress or sumber.is_wordpress(generator))
    wpmu = read.wpmu if read.wpmu is not None else feed.wpmu
    if wpmu is None and wordpress and sumber.in_wpmu_network(
            row.get("url") or read.url):
        # a WordPress site on a host of the city's network is a subsite
        wpmu = True
    needs = bool(row["needs_publish"] or new or updated
                 or not row["dataset_id"])
    simpan.update_situs(
        row["id"], feed_url=read.url, kind=feed.kind,
        etag=read.result.etag, last_modified=read.result.last_modified,
        generator=generator or None,
        wordpress=wordpress,
        wpmu=wpmu if wpmu is not None else row["wpmu"],
        last_checked=stamp, last_success=stamp, failures=0,
        last_error=None, needs_publish=needs)
    return new, updated, needs


def gather(job) -> list[str]:
    """Gather stage: harvest object ids (none when nothing changed or the
    read failed; failures are recorded as gather errors)."""
    source = job.source
    try:
        config = sumber.parse_config(source.config)
    except ValueError as e:
        _gather_error(job, f"Konfigurasi sumber tidak sah: {e}")
        return []
    row = simpan.ensure_situs(source.id, source.url)
    try:
        read = read_situs(row, config, source.url)
    except HostBackedOff as e:
        # a pause, not a new failure of the website
        _gather_error(job, str(e))
        return []
    except (FetchError, urai.FeedError) as e:
        simpan.record_failure(row, str(e))
        _gather_error(job, str(e))
        return []
    except Exception:
        # An answer our reading code cannot handle must show on the job page
        # and count as a failure, like any broken feed, not end the job
        # without a word.
        log.exception("reading news website %s failed", source.url)
        model.Session.rollback()
        message = ("Jawaban situs tidak dapat dibaca (galat internal pembaca "
                   "berita); berita yang sudah tersimpan tetap ada.")
        simpan.record_failure(simpan.ensure_situs(source.id, source.url),
                              message)
        _gather_error(job, message)
        return []
    new, updated, needs = remember(row, read)
    if not needs:
        return []
    obj = HarvestObject(guid=row["id"], job=job, content=json.dumps(
        {"situs_id": row["id"], "baru": new, "diperbarui": updated}))
    obj.save()
    return [obj.id]


def _owner(source_id: str) -> Optional[model.Group]:
    package = model.Package.get(source_id)
    if package is None or not package.owner_org:
        return None
    return model.Group.get(package.owner_org)


def import_object(obj) -> Any:
    """Publish the website of ``obj``: True, "unchanged" or False."""
    row = simpan.get_situs(obj.source.id)
    if row is None:
        HarvestObjectError(message="Data situs tidak ditemukan.", object=obj,
                           stage="Import").save()
        return False
    try:
        package, changed = publikasi.publish_situs(row, _owner(obj.source.id))
    except Exception as e:
        model.Session.rollback()
        log.exception("Publishing news of %s failed", row["url"])
        message = getattr(e, "error_summary", None) or str(e)
        HarvestObjectError(
            message=f"Dataset berita tidak dapat diterbitkan: {message}",
            object=obj, stage="Import").save()
        return False
    simpan.update_situs(row["id"], dataset_id=package["id"],
                        needs_publish=False)
    objek.jadikan_terkini(obj, package["id"])
    if changed:
        publikasi.schedule_portal()
    return True if changed else "unchanged"
