"""Parsing feeds and WordPress REST answers (pure functions)."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.bandaaceh_harvest.berita import urai
from tests.httpserver import feed

NOW = dt.datetime(2024, 7, 1)


def by_title(parsed: urai.Feed) -> dict[str, urai.Item]:
    return {i.title: i for i in parsed.items}


def test_rss_items_titles_dates_and_identity():
    parsed = urai.parse_feed(feed("rss.xml"), now=NOW)
    assert parsed.kind == "rss"
    assert parsed.wordpress and parsed.wpmu is True
    items = by_title(parsed)
    vaksin = items["Vaksinasi & Imunisasi di Gampong Lampulo"]
    assert vaksin.key == "guid:https://dinkes.example.id/?p=101"
    assert vaksin.published_at == dt.datetime(2024, 3, 12, 1, 30)
    assert vaksin.date_ok
    # markup never survives, the script's text does not either
    assert "Posyandu Ulee Kareng" in items
    assert all("<" not in t and "&amp;" not in t for t in items)


def test_duplicate_guids_are_stored_once():
    parsed = urai.parse_feed(feed("rss.xml"), now=NOW)
    keys = [i.key for i in parsed.items]
    assert len(keys) == len(set(keys)) == 5
    assert "Posyandu Ulee Kareng (salinan)" not in by_title(parsed)


def test_identity_falls_back_to_link_then_hash():
    items = by_title(urai.parse_feed(feed("rss.xml"), now=NOW))
    assert items["Berita tanpa tanggal dan guid"].key == (
        "link:https://dinkes.example.id/2024/03/tanpa-tanggal/")
    assert items["Tanpa guid dan tautan"].key.startswith("hash:")


def test_odd_dates_are_kept_and_marked():
    items = by_title(urai.parse_feed(feed("rss.xml"), now=NOW))
    indonesian = items["Posyandu Ulee Kareng"]
    assert indonesian.published_at is None and not indonesian.date_ok
    assert indonesian.date_raw == "Kamis, 14 Maret 2024"
    missing = items["Berita tanpa tanggal dan guid"]
    assert missing.published_at is None and not missing.date_ok
    future = items["Berita dari masa depan"]
    assert future.published_at == dt.datetime(2099, 1, 1)
    assert not future.date_ok


def test_atom():
    parsed = urai.parse_feed(feed("atom.xml"), now=NOW)
    assert parsed.kind == "atom" and not parsed.wordpress
    items = by_title(parsed)
    assert items["Musyawarah Gampong 2024"].published_at == dt.datetime(
        2024, 5, 1, 2, 0)
    assert items["Gotong royong bersihkan pantai"].date_ok


def test_wp_rest():
    parsed = urai.parse_wp_rest(feed("wp-posts.json"), now=NOW)
    assert parsed.kind == "wp_rest" and parsed.wordpress
    items = by_title(parsed)
    ppdb = items["PPDB \u2013 Jadwal & Syarat 2024"]
    assert ppdb.key == "guid:https://disdik.example.id/?p=201"
    assert ppdb.published_at == dt.datetime(2024, 6, 3, 2, 15)
    # local time (WIB) when there is no GMT date
    assert items["Pelatihan guru"].published_at == dt.datetime(
        2024, 6, 4, 3, 0)
    assert not items["Tanggal aneh"].date_ok
    assert items["Tanggal aneh"].date_raw == "bukan tanggal"


@pytest.mark.parametrize("name, message", [
    ("rusak.xml", "XML rusak"),
    ("bukan-umpan.html", "bukan umpan RSS atau Atom"),
    ("bom-entitas.xml", "deklarasi entitas"),
    ("xxe.xml", "deklarasi entitas"),
])
def test_broken_answers_are_feed_errors(name, message):
    with pytest.raises(urai.FeedError, match=message):
        urai.parse_feed(feed(name))


def test_wp_rest_errors():
    with pytest.raises(urai.FeedError, match="bukan JSON"):
        urai.parse_wp_rest(b"<html>")
    with pytest.raises(urai.FeedError, match="bukan daftar"):
        urai.parse_wp_rest(b'{"code": "rest_no_route"}')


@pytest.mark.parametrize("raw, text", [
    ("<b>Tebal</b> &amp; biasa", "Tebal & biasa"),
    ("&amp;lt;i&amp;gt;miring&amp;lt;/i&amp;gt;", "miring"),
    ("Baris\nbaru\t  dan\x07 spasi", "Baris baru dan spasi"),
    ("&#8220;Kutipan&#8221;", "\u201cKutipan\u201d"),
    (None, ""),
    # a bare "<" after an entity is text, not the start of markup
    ("Harga &amp; stok < 5 ton", "Harga & stok < 5 ton"),
    ("Harga &amp;amp; stok &lt; 5 ton", "Harga & stok < 5 ton"),
    ("Lomba &lt;3 &amp; hadiah", "Lomba <3 & hadiah"),
    # markup escaped twice over is still markup
    ("&amp;amp;lt;b&amp;amp;gt;x", "x"),
    ("&amp;amp;amp;lt;b&amp;amp;amp;gt;x", "&lt;b&gt;x"),
])
def test_plain_text(raw, text):
    assert urai.plain_text(raw) == text
