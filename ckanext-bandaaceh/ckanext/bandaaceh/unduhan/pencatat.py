"""Counting downloads on the request path.

A Flask ``after_request`` hook looks at the view that answered and at the
final status, so it only sees downloads CKAN allowed: the resource download
view (200 for uploads, 302 to the URL of links) and the DataStore dump
(200).  Not counted: HEAD, 304 (the client already has the file), partial
answers (206) except the first range of a file (``bytes=0-...``, counted
once: download managers fetch a file in ranges), failed or refused requests
and known bots.

The hook costs one RPUSH of a compact JSON event; any failure is logged and
swallowed, and after a failure Redis is left alone for a few seconds so an
unreachable Redis cannot slow every download.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import re
import threading
import time
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.unduhan import antrean

log = logging.getLogger(__name__)

# view functions (module.name) whose successful answers are downloads
VIEW_DOWNLOAD = "ckan.views.resource.download"
VIEW_DUMP = "ckanext.datastore.blueprint.dump"

JENIS_UPLOAD = "upload"
JENIS_LINK = "link"
JENIS_DATASTORE = "datastore"

BOT_FILE = os.path.join(os.path.dirname(__file__), "bot.txt")
# how long Redis is left alone after a failure
PAUSE_SECONDS = 5.0

_RANGE_FROM_ZERO = re.compile(r"^\s*bytes\s*=\s*0\s*-")


def baca_pola_bot(path: str = BOT_FILE) -> re.Pattern:
    """One case-insensitive regex of the user-agent patterns of the data
    file (one a line, ``#`` comments)."""
    with open(path, encoding="utf-8") as f:
        patterns = [line.strip() for line in f
                    if line.strip() and not line.lstrip().startswith("#")]
    return re.compile("|".join("(?:%s)" % p for p in patterns), re.I)


def jenis_unduhan(view: str, method: str, status: int,
                  range_header: Optional[str]) -> Optional[str]:
    """The kind of download a finished request was, or None when it is not
    one to count."""
    if method != "GET":
        return None
    if status == 206:
        if not (range_header and _RANGE_FROM_ZERO.match(range_header)):
            return None
    elif status == 302:
        return JENIS_LINK if view == VIEW_DOWNLOAD else None
    elif status != 200:
        return None
    if view == VIEW_DOWNLOAD:
        return JENIS_UPLOAD
    if view == VIEW_DUMP:
        return JENIS_DATASTORE
    return None


def dari_xloader(headers: Any) -> bool:
    """Whether a request carries xloader's own API token
    (``ckanext.xloader.api_token``): xloader downloading an upload to load
    it into the DataStore is the portal at work, not a download."""
    import hmac

    import ckan.plugins.toolkit as tk
    token = tk.config.get("ckanext.xloader.api_token") or ""
    if not token or token == "NOT_SET":
        return False
    header = tk.config.get("apitoken_header_name") or "Authorization"
    sent = headers.get(header) or ""
    return hmac.compare_digest(sent.encode("utf-8"), token.encode("utf-8"))


def hash_pengunjung(salt: bytes, address: str) -> str:
    """Salted SHA-256 of the client address (128 bits kept)."""
    return hashlib.sha256(salt + address.encode("utf-8")).hexdigest()[:32]


class Pencatat:
    """Per-process counter state: Redis client, salt of the day, bots."""

    def __init__(self) -> None:
        self.enabled = tk.config[antrean.OPTION + "enabled"]
        self.client = antrean.klien()
        self.key = antrean.kunci_antrean()
        self.bots = baca_pola_bot()
        self._salt: tuple[Optional[datetime.date], bytes] = (None, b"")
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def _salt_of(self, today: datetime.date) -> bytes:
        day, salt = self._salt
        if day != today:
            salt = antrean.garam(self.client, today)
            self._salt = (today, salt)
        return salt

    def catat(self, resource_id: str, jenis: str, address: str) -> None:
        """Push one event; never raises."""
        now = time.time()
        if now < self._paused_until:
            return
        try:
            salt = self._salt_of(antrean.hari_ini())
            event = json.dumps([int(now), resource_id, jenis,
                                hash_pengunjung(salt, address)],
                               separators=(",", ":"))
            self.client.rpush(self.key, event)
        except Exception:
            with self._lock:
                self._paused_until = time.time() + PAUSE_SECONDS
            log.exception("download of %s not counted (Redis failed); "
                          "counting paused for %ss", resource_id,
                          PAUSE_SECONDS)

    def setelah_request(self, response: Any) -> Any:
        """Flask ``after_request`` hook."""
        try:
            self._periksa(response)
        except Exception:
            log.exception("download counting failed")
        return response

    def _periksa(self, response: Any) -> None:
        from flask import current_app, request
        if not self.enabled or request.method != "GET":
            return
        view_func = current_app.view_functions.get(request.endpoint or "")
        if view_func is None:
            return
        view = "%s.%s" % (view_func.__module__, view_func.__name__)
        jenis = jenis_unduhan(view, request.method, response.status_code,
                              request.headers.get("Range"))
        if jenis is None:
            return
        agent = request.headers.get("User-Agent", "")
        if agent and self.bots.search(agent):
            return
        if dari_xloader(request.headers):
            return
        resource_id = (request.view_args or {}).get("resource_id")
        if not resource_id:
            return
        self.catat(resource_id, jenis, request.remote_addr or "")


def pasang(app: Any) -> Pencatat:
    """Register the hook on the Flask app; the state lives on the app."""
    pencatat = Pencatat()
    app.extensions["bandaaceh_unduhan"] = pencatat
    app.after_request(pencatat.setelah_request)
    return pencatat
