"""Reading feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into entries, and telling listings apart."""

from __future__ import annotations

import io
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any, Literal

import feedparser

from newscrawl.extraction.hints import Hints

Kind = Literal["feed", "sitemap", "sitemapindex", "html", "other"]
LISTING_KINDS = ("feed", "sitemap", "sitemapindex")

# The root element's name, after an XML declaration, comments and a DOCTYPE (RSS 0.91 has one;
# a hostile listing may declare entities in its internal subset, which the readers never expand).
# Each part matches one way only: a comment cannot run past its `-->`, so a prolog of many
# comments is read in linear time (`.*?` backtracked exponentially over `<!---->` * 30).
_XML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(?:(?:<!--(?:[^-]|-(?!->))*-->|<!DOCTYPE[^>\[]*(?:\[[^\]]*\]\s*)?>)\s*)*<([\w:.-]+)"
)
_FEED_ROOTS = {"rss", "feed", "RDF", "rdf"}
_JSON_FEED_VERSION = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/', re.IGNORECASE)
_GZIP_HEAD = 65536


@dataclass(frozen=True, slots=True)
class Entry:
    """A link found in a feed or sitemap, with what the listing said about it.

    Frozen and slotted: a sitemap of a million URLs is held as a million of these.
    """

    url: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    keywords: tuple[str, ...] = ()

    def hints(self) -> Hints:
        """What the listing said, for extraction; the last change it gave is the listing date."""
        return Hints(
            title=self.title or None,
            published=self.published or self.updated,
            keywords=self.keywords,
            listing_date=self.updated or self.published,
        )


def _head(body: bytes) -> bytes:
    """The first bytes of the document; of a gzipped one, its first decompressed bytes.

    A decompressor object, not gzip.decompress: a cut-short archive gives what it holds
    instead of raising EOFError, and max_length bounds what a gzip bomb can expand to.
    """
    if body[:2] != b"\x1f\x8b":
        return body[:4096]
    try:
        return zlib.decompressobj(wbits=31).decompress(body[:_GZIP_HEAD], _GZIP_HEAD)
    except zlib.error:
        return b""


def detect_kind(body: bytes, content_type: str = "") -> Kind:
    """What a response is, judged by its bytes first and its Content-Type second."""
    head = _head(body).lstrip(b"\xef\xbb\xbf")
    match = _XML_START.match(head)
    if match:
        root = match.group(2).decode("ascii", "replace").split(":")[-1]
        if root in _FEED_ROOTS:
            return "feed"
        if root == "urlset":
            return "sitemap"
        if root == "sitemapindex":
            return "sitemapindex"
        if root.lower() == "html":
            return "html"
    stripped = head.lstrip()
    if stripped[:1] == b"{" and (_JSON_FEED_VERSION.search(head) or "feed+json" in content_type):
        return "feed"
    lowered = head[:1024].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or "html" in content_type:
        return "html"
    return "other"


def parse_feed(body: bytes, url: str) -> list[Entry]:
    """Entries of a feed in feed order, their links resolved against `url` and xml:base.

    Entries without a link are left out (nothing to fetch); their URLs are not checked here.
    Raises ValueError for a feed that cannot be read at all; a feed broken after some entries
    keeps them.
    """
    start = body.lstrip()[:1]
    if not start:
        raise ValueError("unreadable feed: the body is empty")
    if start == b"{":
        return _json_feed(body)
    # A stream, never bytes or str: feedparser reads a str as a URL or file name to open.
    # Its SAX parser has external entities off; relative links resolve against the feed's
    # own URL, given as the Content-Location a server would send.
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers={"content-location": url},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except (KeyError, TypeError, IndexError, AttributeError) as error:
        # feedparser's handlers assume the markup they were written for: an end tag with no
        # matching start (`<item><category>a</item></category>`) fails inside them, and the
        # feed is then as unreadable as any other broken one.
        raise ValueError(f"unreadable feed: feedparser failed ({type(error).__name__}: {error})") from None
    # No entries and no feed format recognised: garbage, not a quiet feed (feedparser's bozo
    # flag alone also marks benign faults, such as a missing Content-Type).
    if not parsed.entries and not parsed.get("version"):
        raise ValueError(f"unreadable feed: {parsed.get('bozo_exception') or 'no feed format recognised'}")
    entries = []
    for item in parsed.entries:
        # FeedBurner's link is a redirect that changes per run; origLink is the article's URL.
        link = item.get("feedburner_origlink") or item.get("link") or _guid_link(item)
        if not link:
            continue
        entries.append(
            Entry(
                url=link.strip(),
                title=_text(item.get("title")),
                # dict.get: feedparser's own get answers `updated` with the published date.
                published=_text(dict.get(item, "published") or dict.get(item, "created")),
                updated=_text(dict.get(item, "updated")),
                # Categories, dc:subject and media:keywords all arrive as tags.
                keywords=_unique(_text(tag.get("term") or tag.get("label")) for tag in item.get("tags", [])),
            )
        )
    return entries


def _guid_link(item: Any) -> str | None:
    guid = item.get("id") or ""
    return guid if item.get("guidislink") and guid.startswith("http") else None


def _json_feed(body: bytes) -> list[Entry]:
    """JSON Feed 1.0/1.1 items, read here because feedparser 6.0 does not read JSON Feed."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"unreadable JSON Feed: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("unreadable JSON Feed: not a JSON object")
    items = document.get("items")
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = _text(item.get("url")) or _text(item.get("external_url"))
        if not link:
            continue
        tags = item.get("tags")
        entries.append(
            Entry(
                url=link,
                title=_text(item.get("title")),
                published=_text(item.get("date_published")),
                updated=_text(item.get("date_modified")),
                keywords=_unique(_text(tag) for tag in (tags if isinstance(tags, list) else [])),
            )
        )
    return entries


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _unique(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
