"""Harvest source configuration and feed autodiscovery for news websites."""
from __future__ import annotations

import dataclasses
import html.parser
import json
import re
from typing import Optional
from urllib.parse import urljoin, urlsplit

MODES = ("auto", "feed", "wp_rest")
WP_REST_POSTS = "wp-json/wp/v2/posts"
WP_REST_QUERY = "?per_page=100&_fields=id,date,date_gmt,guid,link,title"
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
WP_API_REL = "https://api.w.org/"


@dataclasses.dataclass(frozen=True)
class SourceConfig:
    mode: str = "auto"
    url: str = ""          # feed URL (mode feed); empty: the source URL


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_config(raw: Optional[str]) -> SourceConfig:
    """Validated configuration; ValueError with an Indonesian message."""
    if not raw or not raw.strip():
        return SourceConfig()
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValueError("Konfigurasi harus berupa objek JSON, misalnya "
                         '{"mode": "feed", "url": "https://.../feed/"}.')
    if not isinstance(data, dict):
        raise ValueError("Konfigurasi harus berupa objek JSON.")
    unknown = sorted(set(data) - {"mode", "url"})
    if unknown:
        raise ValueError("Kunci konfigurasi tidak dikenal: %s. Yang boleh: "
                         "mode, url." % ", ".join(unknown))
    mode = data.get("mode", "auto")
    if mode not in MODES:
        raise ValueError('"mode" harus salah satu dari: auto, feed, wp_rest.')
    url = data.get("url", "") or ""
    if not isinstance(url, str) or (url and not _is_http_url(url)):
        raise ValueError('"url" harus alamat http:// atau https:// yang '
                         'lengkap.')
    if url and mode != "feed":
        raise ValueError('"url" hanya dipakai dengan "mode": "feed".')
    return SourceConfig(mode=mode, url=url)


def wp_rest_url(site_url: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, WP_REST_POSTS) + WP_REST_QUERY


def wp_rest_from_root(api_root: str) -> str:
    """Posts endpoint from the REST root announced by a WordPress site."""
    base = api_root if api_root.endswith("/") else api_root + "/"
    return urljoin(base, "wp/v2/posts") + WP_REST_QUERY


@dataclasses.dataclass
class Discovery:
    feeds: list[str] = dataclasses.field(default_factory=list)
    wp_api_root: str = ""
    generator: str = ""

    @property
    def wp_rest(self) -> str:
        return wp_rest_from_root(self.wp_api_root) if self.wp_api_root else ""


class _HeadLinks(html.parser.HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found = Discovery()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and a.get("href"):
            rels = a.get("rel", "").lower().split()
            href = urljoin(self.base, a["href"].strip())
            if "alternate" in rels and a.get("type", "").lower() in FEED_TYPES:
                if "comments" not in href and href not in self.found.feeds:
                    self.found.feeds.append(href)
            elif WP_API_REL in rels and not self.found.wp_api_root:
                self.found.wp_api_root = href
        elif tag == "meta" and a.get("name", "").lower() == "generator":
            self.found.generator = self.found.generator or a.get(
                "content", "")


_LINK_HEADER = re.compile(r'<([^>]+)>\s*;\s*rel="?([^";]+)"?')


def discover(page_url: str, body: bytes, link_header: str = "") -> Discovery:
    """Feeds and the WordPress REST root announced by a home page."""
    parser = _HeadLinks(page_url)
    parser.feed(body.decode("utf-8", errors="replace"))
    found = parser.found
    for href, rel in _LINK_HEADER.findall(link_header or ""):
        if rel.strip() == WP_API_REL and not found.wp_api_root:
            found.wp_api_root = urljoin(page_url, href.strip())
    return found


def is_wordpress(generator: str) -> bool:
    return "wordpress" in (generator or "").lower()


def in_wpmu_network(url: str) -> bool:
    """Whether `url` is on a host of the city's WordPress Multisite
    networks (``ckanext.bandaaceh_harvest.berita.wpmu_networks``: a network
    host and its subdomains, e.g. ``bandaacehkota.go.id`` covers
    ``dinkes.bandaacehkota.go.id``)."""
    import ckan.plugins.toolkit as tk
    networks = tk.aslist(
        tk.config.get("ckanext.bandaaceh_harvest.berita.wpmu_networks"))
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == net or host.endswith("." + net)
               for net in (n.lower().strip(".") for n in networks) if net)
