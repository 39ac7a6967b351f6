"""Downloads are counted on the server, once, only when CKAN allowed them."""
from __future__ import annotations

import concurrent.futures
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.bandaaceh.unduhan import agregasi, pencatat, statistik

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "redis_unduhan"),
]

CSV = "kecamatan,jumlah\nBaiturrahman,10\nKuta Alam,12\n"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


@pytest.fixture
def unggahan(create_with_upload):
    """A public dataset with one uploaded CSV."""
    org = factories.Organization(name="dinas-kesehatan")
    dataset = factories.Dataset(owner_org=org["id"])
    return create_with_upload(CSV, "data.csv", package_id=dataset["id"],
                              url="data.csv", format="CSV")


def _url(resource, filename=None):
    kwargs = {"filename": filename} if filename else {}
    return tk.h.url_for("resource.download", id=resource["package_id"],
                        resource_id=resource["id"], **kwargs)


def _jumlah(resource_id):
    agregasi.agregasi()
    return statistik.unduhan_resource(resource_id)["jumlah"]


def test_upload_download_is_counted_once_per_get(app, unggahan,
                                                 antrean_unduhan):
    for _ in range(3):
        res = app.get(_url(unggahan), headers={"User-Agent": BROWSER})
        assert res.status_code == 200
        assert res.data.decode() == CSV
    app.get(_url(unggahan, "data.csv"), status=200)
    events = antrean_unduhan()
    assert len(events) == 4
    assert {e[1] for e in events} == {unggahan["id"]}
    assert {e[2] for e in events} == {"upload"}
    assert _jumlah(unggahan["id"]) == 4


def test_head_and_partial_requests_are_not_counted(app, unggahan,
                                                   antrean_unduhan):
    assert app.test_client().head(_url(unggahan)).status_code == 200
    res = app.get(_url(unggahan), headers={"Range": "bytes=5-10"})
    assert res.status_code == 206
    res = app.get(_url(unggahan), headers={"Range": "bytes=11-"})
    assert res.status_code == 206
    assert antrean_unduhan() == []
    # the first range of a file is the start of a download: counted once
    res = app.get(_url(unggahan), headers={"Range": "bytes=0-9"})
    assert res.status_code == 206
    assert len(antrean_unduhan()) == 1


def test_revalidation_is_not_a_download(app, unggahan, antrean_unduhan):
    first = app.get(_url(unggahan))
    etag = first.headers["ETag"]
    res = app.get(_url(unggahan), headers={"If-None-Match": etag})
    assert res.status_code == 304
    assert len(antrean_unduhan()) == 1


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1",
    "Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)",
])
def test_bots_are_not_counted(app, unggahan, antrean_unduhan, agent):
    assert app.get(_url(unggahan),
                   headers={"User-Agent": agent}).status_code == 200
    assert antrean_unduhan() == []


@pytest.mark.parametrize("agent", ["curl/8.5.0", "Wget/1.21.4",
                                   "python-requests/2.32.3", BROWSER])
def test_people_and_api_clients_are_counted(app, unggahan, antrean_unduhan,
                                            agent):
    app.get(_url(unggahan), headers={"User-Agent": agent}, status=200)
    assert len(antrean_unduhan()) == 1


def test_xloader_fetching_an_upload_is_not_a_download(app, unggahan,
                                                     antrean_unduhan,
                                                     ckan_config):
    ckan_config["ckanext.xloader.api_token"] = "token-xloader"
    app.get(_url(unggahan) + "?nonce=1", status=200,
            headers={"Authorization": "token-xloader",
                     "User-Agent": "python-requests/2.34.2"})
    assert antrean_unduhan() == []
    # another token, or none, is somebody downloading
    app.get(_url(unggahan), status=200,
            headers={"Authorization": "token-lain"})
    app.get(_url(unggahan), status=200)
    assert len(antrean_unduhan()) == 2


def test_link_redirect_is_counted(app, antrean_unduhan):
    dataset = factories.Dataset()
    link = factories.Resource(package_id=dataset["id"],
                              url="https://data.example.id/penduduk.csv",
                              format="CSV")
    res = app.get(_url(link), follow_redirects=False)
    assert res.status_code == 302
    assert res.headers["Location"] == "https://data.example.id/penduduk.csv"
    assert [e[2] for e in antrean_unduhan()] == ["link"]
    assert _jumlah(link["id"]) == 1


def test_missing_resource_is_not_counted(app, unggahan, antrean_unduhan):
    url = _url(unggahan).replace(unggahan["id"], "tidak-ada")
    assert app.get(url).status_code == 404
    assert antrean_unduhan() == []


def test_private_resource_counted_only_when_authorised(app, create_with_upload,
                                                       antrean_unduhan):
    member = factories.User()
    outsider = factories.User()
    org = factories.Organization(
        users=[{"name": member["name"], "capacity": "member"}])
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    resource = create_with_upload(CSV, "rahasia.csv",
                                  package_id=dataset["id"], url="rahasia.csv")
    assert app.get(_url(resource)).status_code in (403, 404)
    token = factories.APIToken(user=outsider["name"])["token"]
    assert app.get(_url(resource),
                   headers={"Authorization": token}).status_code in (403, 404)
    assert antrean_unduhan() == []
    token = factories.APIToken(user=member["name"])["token"]
    res = app.get(_url(resource), headers={"Authorization": token})
    assert res.status_code == 200
    assert len(antrean_unduhan()) == 1
    assert _jumlah(resource["id"]) == 1


def test_counting_can_be_switched_off(app, unggahan, antrean_unduhan):
    app.flask_app.extensions["bandaaceh_unduhan"].enabled = False
    app.get(_url(unggahan), status=200)
    assert antrean_unduhan() == []


def test_redis_failure_never_breaks_a_download(app, unggahan, monkeypatch,
                                               antrean_unduhan):
    counter = app.flask_app.extensions["bandaaceh_unduhan"]

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")
    monkeypatch.setattr(counter.client, "rpush", broken)
    res = app.get(_url(unggahan))
    assert res.status_code == 200
    assert res.data.decode() == CSV
    # paused: the next download does not even try Redis
    monkeypatch.undo()
    app.get(_url(unggahan), status=200)
    assert antrean_unduhan() == []
    counter._paused_until = 0
    app.get(_url(unggahan), status=200)
    assert len(antrean_unduhan()) == 1


def test_parallel_downloads_are_counted_exactly(app, unggahan):
    """N downloads from many threads against a live server give N."""
    server = make_server("127.0.0.1", 0, app.flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = "http://127.0.0.1:%d%s" % (server.server_port, _url(unggahan))

    def download(_):
        request = urllib.request.Request(url,
                                         headers={"User-Agent": BROWSER})
        with urllib.request.urlopen(request, timeout=30) as res:
            return res.status, res.read().decode()
    n = 60
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
            results = list(pool.map(download, range(n)))
    finally:
        server.shutdown()
        thread.join()
    assert results == [(200, CSV)] * n
    assert _jumlah(unggahan["id"]) == n
    assert _jumlah(unggahan["id"]) == n


@pytest.mark.parametrize("view,method,status,range_,expected", [
    (pencatat.VIEW_DOWNLOAD, "GET", 200, None, "upload"),
    (pencatat.VIEW_DOWNLOAD, "GET", 302, None, "link"),
    (pencatat.VIEW_DUMP, "GET", 200, None, "datastore"),
    (pencatat.VIEW_DUMP, "GET", 302, None, None),
    (pencatat.VIEW_DOWNLOAD, "HEAD", 200, None, None),
    (pencatat.VIEW_DOWNLOAD, "GET", 206, "bytes=100-", None),
    (pencatat.VIEW_DOWNLOAD, "GET", 206, "bytes=0-99", "upload"),
    (pencatat.VIEW_DOWNLOAD, "GET", 304, None, None),
    (pencatat.VIEW_DOWNLOAD, "GET", 403, None, None),
    (pencatat.VIEW_DUMP, "GET", 404, None, None),
    ("ckan.views.resource.read", "GET", 200, None, None),
])
def test_jenis_unduhan(view, method, status, range_, expected):
    assert pencatat.jenis_unduhan(view, method, status, range_) == expected
