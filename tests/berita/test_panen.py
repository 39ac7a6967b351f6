"""The news harvester end to end: ckanext-harvest's gather, fetch and
import stages against real local web servers, then the published
datasets and CSV files."""
from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.lib.uploader import get_resource_uploader
from ckan.tests import factories

from ckanext.harvest.model import HarvestSource
from ckanext.harvest.tests.factories import HarvestJobObj
from ckanext.harvest.tests.lib import run_harvest_job

from ckanext.bandaaceh_harvest.berita import (
    jadwal, publikasi, simpan, sumber)
from ckanext.bandaaceh_harvest.berita.model import item, situs
from tests.httpserver import Route, feed

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins",
                            "harvest bandaaceh_berita bandaaceh"),
    pytest.mark.ckan_config(
        "ckanext.bandaaceh_harvest.fetch.allowed_addresses", "127.0.0.1"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                            "clean_queues", "with_test_worker",
                            "fresh_fetcher"),
]

RSS = "application/rss+xml; charset=UTF-8"


@pytest.fixture
def dinkes():
    factories.Organization(name="diskominfotik", title="Diskominfotik")
    return factories.Organization(name="dinkes",
                                  title="Dinas Kesehatan Kota Banda Aceh")


def create_source(org, url, config=None, name="situs-dinkes"):
    sysadmin = factories.Sysadmin()
    return tk.get_action("harvest_source_create")(
        {"user": sysadmin["name"]},
        {"name": name, "title": f"Situs {org['title']}", "url": url,
         "source_type": "bandaaceh_berita", "owner_org": org["id"],
         "frequency": "MANUAL",
         "config": json.dumps(config) if config is not None else ""})


def harvest(source):
    job = HarvestJobObj(source=HarvestSource.get(source["id"]))
    results = run_harvest_job(job, p.get_plugin("bandaaceh_berita"))
    report = tk.get_action("harvest_job_report")(
        {"ignore_auth": True}, {"id": job.id})
    return results, [e["message"] for e in report["gather_errors"]]


def run_jobs():
    """Run the queued background jobs (the portal-wide dataset)."""
    jobs.Worker().work(burst=True)


def stored_titles() -> list[str]:
    return sorted(r.title for r in model.Session.execute(
        sa.select(item.c.title)))


def csv_rows(package_name, resource_name):
    package = tk.get_action("package_show")({"ignore_auth": True},
                                            {"id": package_name})
    resource = next(r for r in package["resources"]
                    if r["name"] == resource_name)
    with open(get_resource_uploader(resource).get_path(resource["id"]),
              encoding="utf-8") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


def situs_row():
    return dict(model.Session.execute(sa.select(situs)).mappings().one())


def test_feed_is_published_once_and_304_changes_nothing(feed_server, dinkes):
    feed_server.routes["/feed"] = Route(feed("rss.xml"), etag='"v1"')
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})

    results, errors = harvest(source)
    assert errors == []
    (result,) = results.values()
    assert result["state"] == "COMPLETE" and result["errors"] == []
    dataset = result["dataset"]
    assert dataset["name"] == "berita-dinkes"
    assert dataset["title"] == "Berita Dinas Kesehatan Kota Banda Aceh"
    assert dataset["owner_org"] == dinkes["id"]
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert extras["jenis_panen"] == "berita"
    assert extras["wordpress"] == "ya"
    assert extras["wordpress_multisite"] == "ya"

    rows = csv_rows("berita-dinkes", "Daftar berita")
    assert list(rows[0]) == ["judul", "tautan", "tanggal_terbit",
                             "tanggal_valid", "pertama_terlihat"]
    by_title = {r["judul"]: r for r in rows}
    assert len(rows) == 5
    vaksin = by_title["Vaksinasi & Imunisasi di Gampong Lampulo"]
    assert vaksin["tanggal_terbit"] == "2024-03-12T01:30:00Z"
    assert vaksin["tanggal_valid"] == "ya"
    assert by_title["Posyandu Ulee Kareng"]["tanggal_terbit"] == ""
    assert by_title["Posyandu Ulee Kareng"]["tanggal_valid"] == "tidak"

    # one queued job publishes the portal-wide dataset
    assert [j.id for j in jobs.get_queue().jobs] == [
        publikasi.PORTAL_JOB_ID]
    run_jobs()
    portal = csv_rows("berita-kota-banda-aceh", "Judul berita seluruh SKPK")
    assert {r["skpk"] for r in portal} == {"dinkes"}
    assert len(portal) == 5

    # second run: the server answers 304, nothing is created or changed
    portal_before = tk.get_action("package_show")(
        {"ignore_auth": True}, {"id": "berita-kota-banda-aceh"})
    before = tk.get_action("package_show")({"ignore_auth": True},
                                           {"id": "berita-dinkes"})
    titles = stored_titles()
    results, errors = harvest(source)
    assert results == {} and errors == []
    assert feed_server.requests[-1][1]["If-None-Match"] == '"v1"'
    after = tk.get_action("package_show")({"ignore_auth": True},
                                          {"id": "berita-dinkes"})
    assert after["metadata_modified"] == before["metadata_modified"]
    assert stored_titles() == titles
    assert jobs.get_queue().jobs == []

    # same content under a new ETag: no item changed, no harvest object
    feed_server.routes["/feed"] = Route(feed("rss.xml"), etag='"v2"')
    results, errors = harvest(source)
    assert results == {} and errors == []
    assert tk.get_action("package_show")(
        {"ignore_auth": True},
        {"id": "berita-dinkes"})["metadata_modified"] == (
            before["metadata_modified"])
    run_jobs()
    assert tk.get_action("package_show")(
        {"ignore_auth": True},
        {"id": "berita-kota-banda-aceh"})["metadata_modified"] == (
            portal_before["metadata_modified"])


def test_new_items_are_added_and_old_ones_kept(feed_server, dinkes):
    feed_server.routes["/feed"] = Route(feed("rss.xml"), etag='"v1"')
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})
    harvest(source)
    feed_server.routes["/feed"] = Route(feed("rss-baru.xml"), etag='"v2"')
    results, errors = harvest(source)
    assert errors == []
    (result,) = results.values()
    assert result["report_status"] == "updated"
    titles = [r["judul"] for r in csv_rows("berita-dinkes", "Daftar berita")]
    assert len(titles) == 6
    assert titles[0] == "Pekan Imunisasi Nasional dimulai"
    assert "Berita tanpa tanggal dan guid" in titles


@pytest.mark.ckan_config("ckanext.bandaaceh_harvest.fetch.read_timeout", "1")
@pytest.mark.ckan_config("ckanext.bandaaceh_harvest.fetch.max_bytes", "20000")
@pytest.mark.ckan_config(
    "ckanext.bandaaceh_harvest.fetch.failures_before_backoff", "100")
def test_broken_answers_are_gather_errors_and_lose_nothing(feed_server,
                                                           dinkes):
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})
    harvest(source)
    titles = stored_titles()
    modified = tk.get_action("package_show")(
        {"ignore_auth": True}, {"id": "berita-dinkes"})["metadata_modified"]
    feed_server.routes["/loop"] = Route(status=302,
                                        headers={"Location": "/feed"})
    cases = [
        (Route(feed("rusak.xml")), "XML rusak"),
        (Route(feed("bukan-umpan.html"), content_type="text/html"),
         "bukan umpan RSS atau Atom"),
        (Route(feed("bom-entitas.xml")), "deklarasi entitas"),
        (Route(feed("xxe.xml")), "deklarasi entitas"),
        (Route(b"<rss>" + b"x" * 30000), "melebihi batas 20000 bait"),
        (Route(feed("rss.xml"), delay=2), "Waktu habis"),
        (Route(b"", 500, "text/plain"), "galat HTTP 500"),
        (Route(status=302, headers={"Location": "/loop"}), "berputar"),
    ]
    for route, message in cases:
        feed_server.routes["/feed"] = route
        results, errors = harvest(source)
        assert results == {}, message
        assert len(errors) == 1 and message in errors[0], (message, errors)
        assert stored_titles() == titles
    row = situs_row()
    assert row["failures"] == len(cases)
    assert "berputar" in row["last_error"]
    assert tk.get_action("package_show")(
        {"ignore_auth": True},
        {"id": "berita-dinkes"})["metadata_modified"] == modified


def test_a_title_with_an_ampersand_and_a_bare_less_than_is_harvested(
        feed_server, dinkes):
    rss = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
           b"<channel><title>Dinkes</title><item><guid>g1</guid>"
           b"<title>Harga &amp;amp; stok &amp;lt; 5 ton</title>"
           b"<link>https://dinkes.example/a</link>"
           b"<pubDate>Mon, 03 Jul 2017 08:00:00 +0700</pubDate></item>"
           b"</channel></rss>")
    feed_server.routes["/feed"] = Route(rss)
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})
    results, errors = harvest(source)
    assert errors == []
    assert stored_titles() == ["Harga & stok < 5 ton"]


def test_an_unexpected_reading_failure_is_a_gather_error(feed_server, dinkes,
                                                         monkeypatch):
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})
    harvest(source)
    titles = stored_titles()
    assert titles

    def broken(*args, **kwargs):
        raise RecursionError("a bug in the reader")
    # a defect of our own reading code, injected: the job must say so and
    # keep what was stored
    feed_server.routes["/feed"] = Route(feed("rss.xml").replace(
        b"</channel>", b"<item><guid>baru</guid><title>Baru</title></item>"
        b"</channel>"))
    from ckanext.bandaaceh_harvest.berita import urai
    monkeypatch.setattr(urai, "parse_feed", broken)
    results, errors = harvest(source)
    assert results == {}
    assert len(errors) == 1 and "tidak dapat dibaca" in errors[0]
    assert stored_titles() == titles
    assert situs_row()["failures"] == 1


def test_private_address_is_refused(feed_server, dinkes, monkeypatch):
    # (a test-level ckan_config mark would lose to the module-level one)
    monkeypatch.setitem(
        tk.config, "ckanext.bandaaceh_harvest.fetch.allowed_addresses", "")
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    source = create_source(dinkes, feed_server.url("/feed"), {"mode": "feed"})
    results, errors = harvest(source)
    assert results == {}
    assert "jaringan privat" in errors[0]
    assert feed_server.requests == []


def test_autodiscovery_prefers_wordpress_rest(feed_server, dinkes):
    feed_server.routes["/"] = Route(feed("beranda-wp.html"),
                                    content_type="text/html")
    rest = sumber.wp_rest_url(feed_server.url("/"))
    feed_server.routes[rest[len(feed_server.base):]] = Route(
        feed("wp-posts.json"), content_type="application/json")
    source = create_source(dinkes, feed_server.url("/"))
    results, errors = harvest(source)
    assert errors == []
    titles = {r["judul"] for r in csv_rows("berita-dinkes", "Daftar berita")}
    assert titles == {"PPDB \u2013 Jadwal & Syarat 2024", "Pelatihan guru",
                      "Tanggal aneh"}
    row = situs_row()
    assert row["kind"] == "wp_rest" and row["feed_url"] == rest
    assert row["generator"] == "WordPress 6.4.2"
    assert row["wordpress"] is True and row["wpmu"] is True

    # next run reads the discovered endpoint directly
    feed_server.requests.clear()
    harvest(source)
    assert feed_server.paths() == [rest[len(feed_server.base):]]


def test_autodiscovery_falls_back_to_the_feed(feed_server, dinkes):
    feed_server.routes["/gampong/"] = Route(feed("beranda-feed.html"),
                                            content_type="text/html")
    feed_server.routes["/gampong/atom.xml"] = Route(
        feed("atom.xml"), content_type="application/atom+xml")
    source = create_source(dinkes, feed_server.url("/gampong/"))
    results, errors = harvest(source)
    assert errors == []
    row = situs_row()
    assert row["kind"] == "atom"
    assert row["wordpress"] is False and row["wpmu"] is None
    assert len(csv_rows("berita-dinkes", "Daftar berita")) == 2


def test_autodiscovery_without_feed_is_an_error(feed_server, dinkes):
    feed_server.routes["/"] = Route(feed("bukan-umpan.html"),
                                    content_type="text/html")
    source = create_source(dinkes, feed_server.url("/"))
    results, errors = harvest(source)
    assert results == {}
    assert "Tidak ditemukan umpan" in errors[0]


def test_invalid_config_is_refused_in_indonesian(dinkes):
    with pytest.raises(tk.ValidationError) as e:
        create_source(dinkes, "https://dinkes.example.id/",
                      {"mode": "rss"})
    assert "auto, feed, wp_rest" in str(e.value.error_dict)


def test_two_websites_publish_two_datasets_and_one_portal_dataset(
        feed_server, dinkes):
    lampulo = factories.Organization(name="gampong-lampulo",
                                     title="Gampong Lampulo")
    feed_server.routes["/dinkes"] = Route(feed("rss.xml"))
    feed_server.routes["/lampulo"] = Route(feed("atom.xml"),
                                           content_type="application/atom+xml")
    harvest(create_source(dinkes, feed_server.url("/dinkes"),
                          {"mode": "feed"}))
    harvest(create_source(lampulo, feed_server.url("/lampulo"),
                          {"mode": "feed"}, name="situs-lampulo"))
    run_jobs()
    assert len(csv_rows("berita-gampong-lampulo", "Daftar berita")) == 2
    portal = csv_rows("berita-kota-banda-aceh", "Judul berita seluruh SKPK")
    assert len(portal) == 7
    assert {r["skpk"] for r in portal} == {"dinkes", "gampong-lampulo"}


def test_schedule_creates_one_job_per_idle_source(feed_server, dinkes):
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    source = create_source(dinkes, feed_server.url("/feed"), {"mode": "feed"})
    assert jadwal.siklus(run=False) == {"dilewati": False, "dibuat": 1}
    # the job is waiting: the next cycle does not add another
    assert jadwal.siklus(run=False) == {"dilewati": False, "dibuat": 0}
    assert [s.id for s in jadwal.due_sources()] == []
    # a cycle that is still running makes the next one skip
    lock = jadwal.connect_to_redis().lock(jadwal._lock_key(), timeout=30)
    assert lock.acquire(blocking=False)
    try:
        assert jadwal.siklus(run=False)["dilewati"] is True
    finally:
        lock.release()
    assert source["id"]
    assert simpan.get_situs(source["id"]) is None


def test_retry_after_pauses_the_website(feed_server, dinkes):
    feed_server.routes["/feed"] = Route(b"", 503, "text/plain",
                                        headers={"Retry-After": "600"})
    source = create_source(dinkes, feed_server.url("/feed"), {"mode": "feed"})
    harvest(source)
    results, errors = harvest(source)
    assert results == {} and "ditunda" in errors[0]
    assert len(feed_server.requests) == 1
    # a pause is not another failure of the website
    assert situs_row()["failures"] == 1


@pytest.mark.parametrize("networks, expected", [
    ("", None),                           # no Multisite sign in the feed
    ("127.0.0.1", True),                  # the network's own host
    ("example.org 127.0.0.2", None),      # another network
])
def test_a_wordpress_site_on_the_city_network_host_is_a_multisite_subsite(
        feed_server, dinkes, monkeypatch, networks, expected):
    monkeypatch.setitem(
        tk.config, "ckanext.bandaaceh_harvest.berita.wpmu_networks", networks)
    # a WordPress feed without Multisite upload paths in it
    body = feed("rss.xml").replace(b"/uploads/sites/", b"/uploads/")
    assert b"/sites/" not in body
    feed_server.routes["/feed"] = Route(body)
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})
    harvest(source)
    row = situs_row()
    assert row["wordpress"] is True
    assert row["wpmu"] is expected


def test_a_non_wordpress_site_on_the_network_host_is_not_a_subsite(
        feed_server, dinkes, monkeypatch):
    monkeypatch.setitem(
        tk.config, "ckanext.bandaaceh_harvest.berita.wpmu_networks",
        "127.0.0.1")
    feed_server.routes["/atom.xml"] = Route(
        feed("atom.xml"), content_type="application/atom+xml")
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed",
                            "url": feed_server.url("/atom.xml")})
    harvest(source)
    row = situs_row()
    assert row["wordpress"] is False and row["wpmu"] is None
