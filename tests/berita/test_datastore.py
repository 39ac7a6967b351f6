"""Published news tables in the DataStore: what API users read with
`datastore_search`, kept current by each harvest."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from tests.berita.test_panen import create_source, dinkes, harvest  # noqa: F401
from tests.httpserver import Route, feed

pytestmark = [
    pytest.mark.ckan_config(
        "ckan.plugins", "harvest bandaaceh_berita bandaaceh datastore"),
    pytest.mark.ckan_config(
        "ckanext.bandaaceh_harvest.fetch.allowed_addresses", "127.0.0.1"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                            "clean_datastore", "clean_queues",
                            "with_test_worker", "fresh_fetcher"),
]


def _records(resource_id):
    return tk.get_action("datastore_search")(
        {"ignore_auth": True}, {"resource_id": resource_id, "limit": 100,
                                "sort": "judul"})["records"]


def test_the_news_table_is_in_the_datastore_and_follows_the_feed(
        feed_server, dinkes):
    feed_server.routes["/feed"] = Route(feed("rss.xml"))
    source = create_source(dinkes, feed_server.url("/"),
                           {"mode": "feed", "url": feed_server.url("/feed")})
    harvest(source)
    dataset = tk.get_action("package_show")({"ignore_auth": True},
                                            {"id": "berita-dinkes"})
    [resource] = [r for r in dataset["resources"]
                  if r["name"] == "Daftar berita"]
    assert resource["datastore_active"] is True
    records = _records(resource["id"])
    assert len(records) == 5
    assert "Vaksinasi & Imunisasi di Gampong Lampulo" in {
        r["judul"] for r in records}

    feed_server.routes["/feed"] = Route(feed("rss.xml").replace(
        b"</channel>", b"<item><guid>baru-1</guid><title>Kerja bakti "
        b"&amp;amp; donor darah</title><link>https://dinkes.example/baru"
        b"</link></item></channel>"), etag='"v2"')
    harvest(source)
    records = _records(resource["id"])
    assert len(records) == 6
    assert "Kerja bakti & donor darah" in {r["judul"] for r in records}
