"""The shared HTTP fetcher, against a real local server."""
from __future__ import annotations

import time

import pytest

from ckanext.bandaaceh_harvest import fetcher as f
from tests.httpserver import Route, feed

LOOPBACK = f.parse_networks("127.0.0.1")


def make(**settings) -> f.Fetcher:
    settings.setdefault("allowed_networks", LOOPBACK)
    return f.Fetcher(f.Settings(**settings))


def test_fetches_a_feed_and_its_validators(feed_server):
    feed_server.routes["/feed"] = Route(feed("rss.xml"), etag='"v1"',
                                        last_modified="Tue, 12 Mar 2024 "
                                                      "01:30:00 GMT")
    result = make().fetch(feed_server.url("/feed"))
    assert result.status == 200
    assert result.body == feed("rss.xml")
    assert result.etag == '"v1"'
    assert result.last_modified.startswith("Tue, 12 Mar 2024")
    assert not result.not_modified


def test_conditional_get_gives_not_modified(feed_server):
    feed_server.routes["/feed"] = Route(feed("rss.xml"), etag='"v1"')
    result = make().fetch(feed_server.url("/feed"), etag='"v1"',
                          last_modified="Tue, 12 Mar 2024 01:30:00 GMT")
    assert result.not_modified and result.body == b""
    headers = feed_server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Tue, 12 Mar 2024 01:30:00 GMT"


def test_gzip_is_decoded(feed_server):
    feed_server.routes["/feed"] = Route(feed("atom.xml"), gzip=True)
    assert make().fetch(feed_server.url("/feed")).body == feed("atom.xml")
    assert "gzip" in feed_server.requests[-1][1]["Accept-Encoding"]


def test_oversize_body_is_aborted(feed_server):
    feed_server.routes["/besar"] = Route(b"x" * 50_000)
    with pytest.raises(f.BodyTooLarge, match="melebihi batas 10000 bait"):
        make(max_bytes=10_000).fetch(feed_server.url("/besar"))


def test_oversize_after_decompression_is_aborted(feed_server):
    # 2 MB of zeros compress to a few KB: the cap counts decoded bytes
    feed_server.routes["/bom"] = Route(b"\0" * 2_000_000, gzip=True)
    with pytest.raises(f.BodyTooLarge):
        make(max_bytes=100_000).fetch(feed_server.url("/bom"))


def test_slow_server_times_out(feed_server):
    feed_server.routes["/lambat"] = Route(feed("rss.xml"), delay=2)
    with pytest.raises(f.FetchTimeout, match="Waktu habis"):
        make(read_timeout=0.5).fetch(feed_server.url("/lambat"))


def test_server_error_is_an_http_error(feed_server):
    feed_server.routes["/galat"] = Route(b"oops", 500, "text/plain")
    with pytest.raises(f.HTTPStatusError, match="galat HTTP 500") as e:
        make().fetch(feed_server.url("/galat"))
    assert e.value.status == 500


def test_redirects_are_followed_and_rechecked(feed_server):
    feed_server.routes["/lama"] = Route(status=301,
                                        headers={"Location": "/baru"})
    feed_server.routes["/baru"] = Route(feed("rss.xml"))
    result = make().fetch(feed_server.url("/lama"))
    assert result.url == feed_server.url("/baru")
    assert result.body == feed("rss.xml")


def test_redirect_loop_is_refused(feed_server):
    feed_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    feed_server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(f.TooManyRedirects, match="berputar"):
        make().fetch(feed_server.url("/a"))


def test_too_many_redirects_are_refused(feed_server):
    for n in range(10):
        feed_server.routes[f"/r{n}"] = Route(
            status=302, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(f.TooManyRedirects, match="lebih dari 3"):
        make(max_redirects=3).fetch(feed_server.url("/r0"))
    assert len(feed_server.requests) == 4


def test_private_address_is_refused_unless_allow_listed(feed_server):
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    with pytest.raises(f.AddressRefused, match="jaringan privat"):
        make(allowed_networks=()).fetch(feed_server.url("/feed"))
    assert feed_server.requests == []


def test_redirect_to_a_private_address_is_refused(feed_server):
    # allow-listed 127.0.0.1 redirects to another loopback address
    feed_server.routes["/keluar"] = Route(
        status=302, headers={"Location": "http://127.0.0.2:9/feed"})
    with pytest.raises(f.AddressRefused):
        make().fetch(feed_server.url("/keluar"))


def test_a_name_that_rebinds_to_a_private_address_is_refused(
        feed_server, monkeypatch):
    """DNS rebinding: the name answered a public address before and
    answers the loopback server when the connection is made; the address
    is checked at that lookup, the only one. No DNS server can be run
    here, so the resolver is the one thing replaced."""
    import socket

    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    port = feed_server.httpd.server_address[1]
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def getaddrinfo(host, *args, **kwargs):
        if host != "berita.rebind.example":
            return real(host, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                 (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    # the earlier answer (a check made before the request would see it)
    assert socket.getaddrinfo("berita.rebind.example", port)[0][4][0] == \
        "93.184.216.34"
    with pytest.raises(f.AddressRefused, match="127.0.0.1"):
        make(allowed_networks=()).fetch(
            f"http://berita.rebind.example:{port}/feed")
    assert feed_server.requests == []


def test_connections_go_to_the_checked_address(feed_server):
    # an allow-listed address still connects through the guarded adapter
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    fetcher = make()
    assert fetcher.fetch(feed_server.url("/feed")).status == 200
    adapter = fetcher._session().get_adapter(feed_server.url("/feed"))
    pool = adapter.poolmanager.pool_classes_by_scheme["http"]
    assert pool.ConnectionCls.__name__ == "GuardedHTTPConnection"


@pytest.mark.parametrize("address, public", [
    ("8.8.8.8", True), ("10.1.2.3", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("127.0.0.1", False), ("::1", False),
    ("fe80::1", False), ("::ffff:10.0.0.1", False), ("0.0.0.0", False),
    ("240.0.0.1", False), ("2001:4860:4860::8888", True)])
def test_public_addresses(address, public):
    assert f.is_public_address(address) is public


def test_other_schemes_are_refused():
    with pytest.raises(f.AddressRefused, match="http atau https"):
        make().fetch("file:///etc/passwd")


def test_backoff_after_repeated_failures(feed_server):
    feed_server.routes["/galat"] = Route(b"", 503, "text/plain")
    fetcher = make(failures_before_backoff=2, backoff_seconds=120)
    url = feed_server.url("/galat")
    for _ in range(2):
        with pytest.raises(f.HTTPStatusError):
            fetcher.fetch(url)
    with pytest.raises(f.HostBackedOff, match="ditunda"):
        fetcher.fetch(url)
    assert len(feed_server.requests) == 2


def test_retry_after_is_honoured(feed_server):
    feed_server.routes["/sibuk"] = Route(b"", 429, "text/plain",
                                         headers={"Retry-After": "30"})
    now = [1000.0]
    fetcher = f.Fetcher(f.Settings(allowed_networks=LOOPBACK),
                        clock=lambda: now[0])
    with pytest.raises(f.HTTPStatusError):
        fetcher.fetch(feed_server.url("/sibuk"))
    with pytest.raises(f.HostBackedOff):
        fetcher.fetch(feed_server.url("/sibuk"))
    now[0] += 31
    feed_server.routes["/sibuk"] = Route(feed("rss.xml"))
    assert fetcher.fetch(feed_server.url("/sibuk")).status == 200
    assert fetcher.host_state("127.0.0.1").failures == 0


def test_retry_after_http_date():
    assert f.parse_retry_after("120") == 120
    assert f.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert f.parse_retry_after("soon") is None


def test_fetch_many_runs_in_parallel_within_limits(feed_server):
    for n in range(8):
        feed_server.routes[f"/s{n}"] = Route(feed("rss.xml"), delay=0.4)
    feed_server.routes["/galat"] = Route(b"", 500, "text/plain")
    urls = [feed_server.url(f"/s{n}") for n in range(8)]
    started = time.monotonic()
    results = make(max_concurrent=8, max_per_host=8).fetch_many(
        urls + [feed_server.url("/galat")])
    elapsed = time.monotonic() - started
    assert all(results[u].status == 200 for u in urls)
    assert isinstance(results[feed_server.url("/galat")], f.HTTPStatusError)
    assert elapsed < 0.4 * 8 / 2


def test_per_host_limit_serialises_requests(feed_server):
    for n in range(4):
        feed_server.routes[f"/s{n}"] = Route(feed("rss.xml"), delay=0.3)
    urls = [feed_server.url(f"/s{n}") for n in range(4)]
    started = time.monotonic()
    make(max_concurrent=8, max_per_host=1).fetch_many(urls)
    assert time.monotonic() - started >= 1.2
