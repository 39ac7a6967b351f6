"""The one HTTP fetcher of the harvesters.

Every remote document (news feeds, PPID logs, DKAN catalogues) is read
through :class:`Fetcher`: connect/read/total timeouts, a streamed body size
cap (applied after gzip decoding, so compressed bombs stop too), conditional
GET, redirects followed by hand with every hop checked again, refusal of
private and special addresses (unless allow-listed), checked on the
addresses each connection resolves and made to one of them, so a name
cannot rebind between a check and the connection,
concurrency limits overall and per host, and a per-host backoff after
repeated failures that honours ``Retry-After``.

Errors are :class:`FetchError` subclasses whose messages are in Indonesian:
they are shown on harvest job pages to the officers of the work units.
"""
from __future__ import annotations

import dataclasses
import email.utils
import ipaddress
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
from requests.structures import CaseInsensitiveDict

import ckan.plugins.toolkit as tk

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK_SIZE = 64 * 1024


# --- errors ------------------------------------------------------------------

class FetchError(Exception):
    """A remote document could not be read; ``str()`` is the Indonesian
    message shown to officers."""

    def __init__(self, message: str, url: str = ""):
        super().__init__(message)
        self.url = url


class AddressRefused(FetchError):
    """The host resolves to a private, loopback or otherwise special
    address that is not allow-listed."""


class FetchTimeout(FetchError):
    pass


class BodyTooLarge(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, message: str, url: str = "", status: int = 0,
                 retry_after: Optional[float] = None):
        super().__init__(message, url)
        self.status = status
        self.retry_after = retry_after


class ConnectionFailed(FetchError):
    pass


class HostBackedOff(FetchError):
    """The host failed repeatedly (or asked us to wait): no request is sent
    before ``until`` (a ``time.time()`` value)."""

    def __init__(self, message: str, url: str = "", until: float = 0.0):
        super().__init__(message, url)
        self.until = until


# --- settings ----------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Settings:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 5
    allowed_networks: tuple = ()
    max_concurrent: int = 16
    max_per_host: int = 2
    failures_before_backoff: int = 3
    backoff_seconds: float = 60.0
    max_backoff_seconds: float = 3600.0
    user_agent: str = "ODBA-Harvester/0.1"

    @classmethod
    def from_config(cls) -> "Settings":
        prefix = "ckanext.bandaaceh_harvest.fetch."

        def opt(key: str) -> Any:
            return tk.config[prefix + key]

        return cls(
            connect_timeout=float(opt("connect_timeout")),
            read_timeout=float(opt("read_timeout")),
            total_timeout=float(opt("total_timeout")),
            max_bytes=int(opt("max_bytes")),
            max_redirects=int(opt("max_redirects")),
            allowed_networks=parse_networks(opt("allowed_addresses")),
            max_concurrent=int(opt("max_concurrent")),
            max_per_host=int(opt("max_per_host")),
            failures_before_backoff=int(opt("failures_before_backoff")),
            backoff_seconds=float(opt("backoff_seconds")),
            max_backoff_seconds=float(opt("max_backoff_seconds")),
            user_agent=str(opt("user_agent")),
        )


def parse_networks(value: Any) -> tuple:
    """Allow-list from config: addresses or CIDR networks separated by
    spaces or commas."""
    if not value:
        return ()
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return tuple(ipaddress.ip_network(v.strip(), strict=False)
                 for v in value if v.strip())


# --- result ------------------------------------------------------------------

@dataclasses.dataclass
class FetchResult:
    url: str                      # final URL, after redirects
    status: int
    body: bytes
    headers: CaseInsensitiveDict
    elapsed: float

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> Optional[str]:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> Optional[str]:
        return self.headers.get("Last-Modified")

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()


# --- address checks ----------------------------------------------------------

def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local
                or ip.is_reserved or ip.is_multicast or ip.is_unspecified)


def check_url(url: str) -> None:
    """Refuse URLs that are not http(s) with a host. Addresses are checked
    where the connection is made (`_guarded_adapter`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(
            f"Alamat {url} ditolak: hanya URL http atau https yang boleh "
            f"diambil.", url)


def _allowed_address(address: str, allowed: tuple) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return any(ip in network for network in allowed) or \
        is_public_address(address)


def _guarded_adapter(allowed: tuple) -> requests.adapters.HTTPAdapter:
    """A requests adapter whose connections resolve the host once, refuse
    it when any of its addresses is private or special and not in
    `allowed`, and connect to a checked address: the address checked is the
    address connected to, so a name cannot answer a public address to a
    check and a private one to the connection (DNS rebinding)."""
    from urllib3 import connection, connectionpool, exceptions

    def new_conn(self) -> socket.socket:
        try:
            infos = socket.getaddrinfo(self._dns_host, self.port,
                                       type=socket.SOCK_STREAM)
        except socket.gaierror:
            raise ConnectionFailed(
                f"Nama host {self.host} tidak dapat ditemukan (DNS).")
        for info in infos:
            if not _allowed_address(info[4][0], allowed):
                raise AddressRefused(
                    f"Alamat ditolak: host {self.host} mengarah ke alamat "
                    f"jaringan privat atau khusus ({info[4][0]}).")
        try:
            return connection.connection.create_connection(
                (infos[0][4][0], self.port), self.timeout,
                source_address=self.source_address,
                socket_options=self.socket_options)
        except socket.timeout as e:
            raise exceptions.ConnectTimeoutError(
                self, f"Connection to {self.host} timed out.") from e
        except OSError as e:
            raise exceptions.NewConnectionError(
                self, f"Failed to establish a new connection: {e}") from e

    http_conn = type("GuardedHTTPConnection", (connection.HTTPConnection,),
                     {"_new_conn": new_conn})
    https_conn = type("GuardedHTTPSConnection",
                      (connection.HTTPSConnection,), {"_new_conn": new_conn})
    pools = {
        "http": type("GuardedHTTPConnectionPool",
                     (connectionpool.HTTPConnectionPool,),
                     {"ConnectionCls": http_conn}),
        "https": type("GuardedHTTPSConnectionPool",
                      (connectionpool.HTTPSConnectionPool,),
                      {"ConnectionCls": https_conn}),
    }
    adapter = requests.adapters.HTTPAdapter()
    adapter.poolmanager.pool_classes_by_scheme = pools
    return adapter


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header (seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


# --- per-host state ----------------------------------------------------------

@dataclasses.dataclass
class HostState:
    failures: int = 0
    blocked_until: float = 0.0


class Fetcher:
    """Thread-safe fetcher; share one per process (see :func:`get_fetcher`)
    so that its limits and backoff apply to every caller."""

    def __init__(self, settings: Optional[Settings] = None,
                 clock: Callable[[], float] = time.time):
        self.settings = settings or Settings()
        self._clock = clock
        self._overall = threading.BoundedSemaphore(
            max(1, self.settings.max_concurrent))
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._hosts: dict[str, HostState] = {}
        self._local = threading.local()

    # -- public API --

    def fetch(self, url: str, etag: Optional[str] = None,
              last_modified: Optional[str] = None,
              headers: Optional[dict[str, str]] = None,
              max_bytes: Optional[int] = None) -> FetchResult:
        """GET ``url``; a 304 answer gives a result whose ``not_modified``
        is true and whose body is empty. ``max_bytes`` replaces the
        configured size cap for this download (register exports are larger
        than feeds). Raises :class:`FetchError`."""
        return self._guarded(url, lambda: self._get(
            url, etag, last_modified, headers or {},
            max_bytes or self.settings.max_bytes))

    def post(self, url: str, data: Optional[dict[str, str]] = None,
             json: Any = None,
             headers: Optional[dict[str, str]] = None) -> FetchResult:
        """POST a form (``data``) or a JSON document (``json``) to ``url``
        under the same address checks, limits, timeouts and backoff as
        :meth:`fetch`. Redirects are not followed (re-sending a body to
        another address is not ours to decide). Raises :class:`FetchError`,
        also for any answer other than 2xx."""
        return self._guarded(url, lambda: self._post(
            url, data, json, headers or {}))

    def fetch_many(self, urls: Iterable[str],
                   conditions: Optional[dict[str, tuple]] = None,
                   ) -> dict[str, Any]:
        """Fetch many URLs in a thread pool: url -> FetchResult or the
        FetchError raised. ``conditions`` maps a URL to its
        ``(etag, last_modified)``."""
        conditions = conditions or {}
        urls = list(dict.fromkeys(urls))

        def one(url: str) -> Any:
            try:
                return self.fetch(url, *conditions.get(url, (None, None)))
            except FetchError as e:
                return e

        workers = max(1, min(self.settings.max_concurrent, len(urls) or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(urls, pool.map(one, urls)))

    def host_state(self, host: str) -> HostState:
        with self._lock:
            return dataclasses.replace(
                self._hosts.get(host.lower(), HostState()))

    # -- internals --

    def _guarded(self, url: str,
                 send: Callable[[], FetchResult]) -> FetchResult:
        """Run ``send`` within the concurrency limits and the host's
        backoff, and record its success or failure."""
        host = (urlsplit(url).hostname or "").lower()
        self._check_backoff(host, url)
        with self._overall, self._host_slot(host):
            try:
                result = send()
            except HTTPStatusError as e:
                if e.status >= 500 or e.status == 429:
                    self._failed(host, e.retry_after)
                raise
            except (FetchTimeout, ConnectionFailed):
                self._failed(host, None)
                raise
        self._succeeded(host)
        return result

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # Proxies and .netrc from the environment would bypass the
            # address checks.
            session.trust_env = False
            adapter = _guarded_adapter(self.settings.allowed_networks)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers["User-Agent"] = self.settings.user_agent
            session.headers["Accept-Encoding"] = "gzip, deflate"
            self._local.session = session
        return session

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._host_slots.get(host)
            if slot is None:
                slot = threading.BoundedSemaphore(
                    max(1, self.settings.max_per_host))
                self._host_slots[host] = slot
            return slot

    def _check_backoff(self, host: str, url: str) -> None:
        with self._lock:
            state = self._hosts.get(host)
            until = state.blocked_until if state else 0.0
        if until > self._clock():
            wait = int(until - self._clock()) + 1
            raise HostBackedOff(
                f"Situs {host} gagal berulang kali atau meminta jeda; "
                f"pengambilan ditunda sekitar {wait} detik lagi.", url, until)

    def _failed(self, host: str, retry_after: Optional[float]) -> None:
        s = self.settings
        with self._lock:
            state = self._hosts.setdefault(host, HostState())
            state.failures += 1
            wait = 0.0
            if state.failures >= s.failures_before_backoff:
                extra = state.failures - s.failures_before_backoff
                wait = min(s.max_backoff_seconds,
                           s.backoff_seconds * (2 ** min(extra, 16)))
            if retry_after is not None:
                # The server said when to come back: never earlier, and not
                # later than our own cap.
                wait = max(wait, min(retry_after, s.max_backoff_seconds))
            if wait:
                state.blocked_until = max(state.blocked_until,
                                          self._clock() + wait)

    def _succeeded(self, host: str) -> None:
        with self._lock:
            self._hosts.pop(host, None)

    def _get(self, url: str, etag: Optional[str],
             last_modified: Optional[str],
             extra_headers: dict[str, str], max_bytes: int) -> FetchResult:
        s = self.settings
        started = time.monotonic()
        request_headers = dict(extra_headers)
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        seen = set()
        current = url
        for _hop in range(s.max_redirects + 1):
            if current in seen:
                raise TooManyRedirects(
                    f"Pengalihan (redirect) berputar di {current}.", url)
            seen.add(current)
            check_url(current)
            response = self._request(current, request_headers, url)
            try:
                location = response.headers.get("Location")
                if response.status_code in REDIRECT_STATUSES and location:
                    current = urljoin(current, location.strip())
                    continue
                return self._read(response, current, url, started,
                                  max_bytes)
            finally:
                response.close()
        raise TooManyRedirects(
            f"Terlalu banyak pengalihan (lebih dari {s.max_redirects}) "
            f"untuk {url}.", url)

    def _post(self, url: str, data: Optional[dict[str, str]], json: Any,
              headers: dict[str, str]) -> FetchResult:
        s = self.settings
        started = time.monotonic()
        check_url(url)
        try:
            response = self._session().post(
                url, data=data, json=json, headers=headers, stream=True,
                allow_redirects=False,
                timeout=(s.connect_timeout, s.read_timeout))
        except requests.Timeout:
            raise FetchTimeout(
                f"Waktu habis menunggu jawaban dari {url}.", url)
        except requests.RequestException as e:
            raise ConnectionFailed(
                f"Tidak dapat terhubung ke {url}: {type(e).__name__}.", url)
        try:
            if response.status_code in REDIRECT_STATUSES:
                raise HTTPStatusError(
                    f"Server mengalihkan kiriman (HTTP "
                    f"{response.status_code}) dari {url}; pengalihan tidak "
                    f"diikuti untuk kiriman.", url, response.status_code)
            return self._read(response, url, url, started,
                              self.settings.max_bytes)
        finally:
            response.close()

    def _request(self, current: str, headers: dict[str, str],
                 url: str) -> requests.Response:
        s = self.settings
        try:
            return self._session().get(
                current, headers=headers, stream=True, allow_redirects=False,
                timeout=(s.connect_timeout, s.read_timeout))
        except requests.Timeout:
            raise FetchTimeout(
                f"Waktu habis menunggu jawaban dari {current}.", url)
        except requests.RequestException as e:
            raise ConnectionFailed(
                f"Tidak dapat terhubung ke {current}: "
                f"{type(e).__name__}.", url)

    def _read(self, response: requests.Response, current: str, url: str,
              started: float, max_bytes: int) -> FetchResult:
        s = self.settings
        status = response.status_code
        if status == 304:
            return FetchResult(current, status, b"", response.headers,
                               time.monotonic() - started)
        if status >= 400:
            raise HTTPStatusError(
                f"Server menjawab dengan galat HTTP {status} untuk "
                f"{current}.", url, status,
                parse_retry_after(response.headers.get("Retry-After")))
        if status in REDIRECT_STATUSES:
            raise HTTPStatusError(
                f"Pengalihan HTTP {status} tanpa alamat tujuan dari "
                f"{current}.", url, status)
        declared = response.headers.get("Content-Length", "")
        too_large = (f"Isi jawaban dari {current} melebihi batas "
                     f"{max_bytes} bait.")
        encoded = (response.headers.get("Content-Encoding") or "").strip()
        if declared.isdigit() and int(declared) > max_bytes and not encoded:
            raise BodyTooLarge(too_large, url)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.raw.stream(CHUNK_SIZE, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raise BodyTooLarge(too_large, url)
                if time.monotonic() - started > s.total_timeout:
                    raise FetchTimeout(
                        f"Pengambilan {current} melebihi batas waktu "
                        f"{s.total_timeout:g} detik.", url)
                chunks.append(chunk)
        except FetchError:
            raise
        except Exception as e:  # urllib3 read timeouts and decode errors
            if "timed out" in str(e).lower():
                raise FetchTimeout(
                    f"Waktu habis membaca jawaban dari {current}.", url)
            raise ConnectionFailed(
                f"Jawaban dari {current} terputus atau rusak: "
                f"{type(e).__name__}.", url)
        return FetchResult(current, status, b"".join(chunks),
                           response.headers, time.monotonic() - started)


_shared: dict[Settings, Fetcher] = {}
_shared_lock = threading.Lock()


def get_fetcher() -> Fetcher:
    """The process-wide fetcher for the current configuration."""
    settings = Settings.from_config()
    with _shared_lock:
        fetcher = _shared.get(settings)
        if fetcher is None:
            fetcher = _shared[settings] = Fetcher(settings)
        return fetcher
