"""Source configuration and autodiscovery."""
from __future__ import annotations

import json

import pytest

from ckanext.bandaaceh_harvest.berita import panen, sumber
from tests.httpserver import feed


@pytest.mark.parametrize("raw, expected", [
    ("", {"mode": "auto"}),
    ('{"mode": "wp_rest"}', {"mode": "wp_rest"}),
    ('{"mode": "feed", "url": "https://a.example.id/feed/"}',
     {"mode": "feed", "url": "https://a.example.id/feed/"}),
])
def test_valid_configs(raw, expected):
    assert json.loads(panen.validate_config(raw)) == expected


@pytest.mark.parametrize("raw, message", [
    ("{bukan json", "objek JSON"),
    ("[1]", "objek JSON"),
    ('{"mode": "rss"}', "auto, feed, wp_rest"),
    ('{"mode": "feed", "url": "ftp://x"}', "http:// atau https://"),
    ('{"mode": "auto", "url": "https://a.example.id/feed"}',
     'hanya dipakai dengan "mode": "feed"'),
    ('{"interval": 5}', "tidak dikenal: interval"),
])
def test_invalid_configs_have_indonesian_messages(raw, message):
    with pytest.raises(ValueError, match=message):
        panen.validate_config(raw)


def test_discovery_of_wordpress_home_page():
    found = sumber.discover("https://disdik.example.id/",
                            feed("beranda-wp.html"))
    assert found.feeds == ["https://disdik.example.id/feed/"]
    assert found.wp_api_root == "https://disdik.example.id/wp-json/"
    assert found.wp_rest.startswith(
        "https://disdik.example.id/wp-json/wp/v2/posts?per_page=100")
    assert found.generator == "WordPress 6.4.2"


def test_discovery_from_link_header():
    found = sumber.discover(
        "https://a.example.id/", b"<html></html>",
        '<https://a.example.id/wp-json/>; rel="https://api.w.org/"')
    assert found.wp_api_root == "https://a.example.id/wp-json/"


def test_discovery_of_atom_with_relative_link():
    found = sumber.discover("https://lampulo.example.id/gampong/",
                            feed("beranda-feed.html"))
    assert found.feeds == ["https://lampulo.example.id/gampong/atom.xml"]
    assert not found.wp_api_root
