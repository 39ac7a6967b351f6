"""Parsing fetched bytes into news items (pure functions, no I/O).

RSS and Atom go through feedparser on the bytes we fetched; WordPress REST
answers are JSON. Titles become plain text, dates are parsed where possible
and flagged otherwise, and every item gets an identity key.
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import html
import html.parser
import json
import re
import xml.sax
from typing import Any, Optional

import feedparser

MAX_TITLE = 1000
# Dates outside this window are kept but flagged as doubtful.
EARLIEST_YEAR = 1995
FUTURE_TOLERANCE = dt.timedelta(days=1)

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_WPMU_UPLOADS = re.compile(rb"/wp-content/(?:uploads/sites/\d+/|blogs\.dir/)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FeedError(Exception):
    """The answer is not a usable feed; the message is in Indonesian."""


@dataclasses.dataclass
class Item:
    key: str                       # identity: guid:, link: or hash:
    title: str
    link: str
    published_at: Optional[dt.datetime]   # UTC, naive
    date_raw: str
    date_ok: bool


@dataclasses.dataclass
class Feed:
    kind: str                      # rss, atom, wp_rest
    items: list[Item]
    generator: str = ""
    wordpress: bool = False
    wpmu: Optional[bool] = None    # None: unknown


class _TextOnly(html.parser.HTMLParser):
    """Text of an HTML fragment; script and style contents are dropped."""
    HIDDEN = ("script", "style")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


# What makes unescaped text markup again: an opening or closing tag, a
# comment or a declaration (a bare "<" as in "stok < 5 ton" is text).
_TAG = re.compile(r"<\s*(?:/?[A-Za-z]|!)")
# Doubly escaped titles (&amp;lt;b&amp;gt;) are common in CMS output; what is
# still escaped after this many rounds is taken as the text the author meant.
MAX_UNESCAPE = 2


def _text_of(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def plain_text(value: Any) -> str:
    """Text of a title that may hold markup and entities, on one line."""
    if not value:
        return ""
    text = _text_of(str(value))
    for _round in range(MAX_UNESCAPE):
        unescaped = html.unescape(text) if "&" in text else text
        if unescaped == text:
            break
        text = _text_of(unescaped) if _TAG.search(unescaped) else unescaped
    text = _CONTROL.sub("", text)
    return " ".join(text.split())[:MAX_TITLE]


def check_date(value: Optional[dt.datetime],
               now: Optional[dt.datetime] = None) -> bool:
    if value is None:
        return False
    now = now or dt.datetime.utcnow()
    return value.year >= EARLIEST_YEAR and value <= now + FUTURE_TOLERANCE


def _from_struct(struct: Any) -> Optional[dt.datetime]:
    if not struct:
        return None
    try:
        return dt.datetime(*struct[:6])
    except (TypeError, ValueError):
        try:
            return dt.datetime.utcfromtimestamp(calendar.timegm(struct))
        except (TypeError, ValueError, OverflowError):
            return None


def identity(guid: str, link: str, title: str, extra: str) -> str:
    if guid:
        return "guid:" + guid.strip()[:2000]
    if link:
        return "link:" + link.strip()[:2000]
    digest = hashlib.sha256(f"{title}\n{extra}".encode("utf-8")).hexdigest()
    return "hash:" + digest


def _dedupe(items: list[Item]) -> list[Item]:
    seen: dict[str, Item] = {}
    for item in items:
        seen.setdefault(item.key, item)
    return list(seen.values())


def refuse_entities(body: bytes) -> None:
    """Entity declarations serve XXE and entity-expansion attacks; no real
    news feed needs them."""
    if _ENTITY_DECLARATION.search(body):
        raise FeedError("Umpan memuat deklarasi entitas XML (DTD) yang "
                        "ditolak demi keamanan.")


def detect_wpmu(*bodies: bytes) -> Optional[bool]:
    """Subsites of a WordPress Multisite network store uploads under
    ``/wp-content/uploads/sites/<n>/`` (or the older ``blogs.dir``)."""
    if any(_WPMU_UPLOADS.search(b or b"") for b in bodies):
        return True
    return None


def parse_feed(body: bytes, now: Optional[dt.datetime] = None) -> Feed:
    """RSS or Atom bytes into a :class:`Feed`; :class:`FeedError` when the
    bytes are not a well-formed feed."""
    refuse_entities(body)
    parsed = feedparser.parse(body, sanitize_html=False,
                              resolve_relative_uris=False)
    version = parsed.get("version") or ""
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(exc, xml.sax.SAXException):
        raise FeedError(f"Umpan tidak dapat dibaca: XML rusak ({exc}).")
    if not version:
        raise FeedError("Jawaban bukan umpan RSS atau Atom (mungkin halaman "
                        "HTML).")
    kind = "atom" if version.startswith("atom") else "rss"
    items = []
    for entry in parsed.entries:
        title = plain_text(entry.get("title"))
        link = (entry.get("link") or "").strip()
        raw = entry.get("published") or entry.get("updated") or ""
        published = _from_struct(entry.get("published_parsed")
                                 or entry.get("updated_parsed"))
        items.append(Item(
            key=identity(entry.get("id") or "", link, title,
                         raw + (entry.get("summary") or "")),
            title=title, link=link, published_at=published,
            date_raw=str(raw)[:200], date_ok=check_date(published, now)))
    generator = str(parsed.feed.get("generator") or "")
    return Feed(kind=kind, items=_dedupe(items), generator=generator,
                wordpress="wordpress" in generator.lower(),
                wpmu=detect_wpmu(body))


def _wp_date(value: Any) -> Optional[dt.datetime]:
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def parse_wp_rest(body: bytes, now: Optional[dt.datetime] = None) -> Feed:
    """A ``/wp-json/wp/v2/posts`` answer into a :class:`Feed`."""
    try:
        posts = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise FeedError("Jawaban WordPress REST API bukan JSON yang sah.")
    if not isinstance(posts, list):
        raise FeedError("Jawaban WordPress REST API bukan daftar tulisan.")
    items = []
    for post in posts:
        if not isinstance(post, dict):
            continue
        title = plain_text(_rendered(post.get("title")))
        link = str(post.get("link") or "").strip()
        raw = post.get("date_gmt") or post.get("date") or ""
        published = _wp_date(raw)
        if published is not None and not post.get("date_gmt"):
            # Local time without a zone: the city is on WIB (UTC+7).
            published -= dt.timedelta(hours=7)
        items.append(Item(
            key=identity(_rendered(post.get("guid")), link, title,
                         str(post.get("id") or "")),
            title=title, link=link, published_at=published,
            date_raw=str(raw)[:200], date_ok=check_date(published, now)))
    return Feed(kind="wp_rest", items=_dedupe(items), generator="WordPress",
                wordpress=True, wpmu=detect_wpmu(body))
