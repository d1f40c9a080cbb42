"""Reading feeds and sitemaps: RSS, Atom, RDF, sitemap indexes and Google News sitemaps."""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

Kind = Literal["feed", "sitemap", "sitemapindex", "html", "other"]

# A decompressed sitemap larger than this is refused (the sitemap protocol caps it at 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024
_XML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<([\w:.-]+)", re.DOTALL)
_FEED_ROOTS = {"rss", "feed", "RDF", "rdf"}


@dataclass
class Entry:
    """A link found in a feed or sitemap, with what the listing said about it."""

    url: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    keywords: list[str] = field(default_factory=list)

    def hints(self) -> dict[str, object]:
        hints: dict[str, object] = {}
        if self.title:
            hints["title"] = self.title
        if self.published or self.updated:
            hints["published"] = self.published or self.updated
        if self.keywords:
            hints["keywords"] = self.keywords
        return hints


def gunzip_if_needed(body: bytes) -> bytes:
    """Sitemaps are often served as .xml.gz without Content-Encoding."""
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as archive:
        data = archive.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise ValueError("compressed sitemap expands beyond 50 MB")
    return data


def detect_kind(body: bytes, content_type: str = "") -> Kind:
    """What a response is, judged by its bytes first and its Content-Type second."""
    head = gunzip_if_needed(body[:65536]) if body[:2] == b"\x1f\x8b" else body[:4096]
    head = head.lstrip(b"\xef\xbb\xbf")
    match = _XML_START.match(head)
    if match:
        root = match.group(3).decode("ascii", "replace").split(":")[-1]
        if root in _FEED_ROOTS:
            return "feed"
        if root == "urlset":
            return "sitemap"
        if root == "sitemapindex":
            return "sitemapindex"
        if root.lower() == "html":
            return "html"
    lowered = head[:1024].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or "html" in content_type:
        return "html"
    return "other"


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _parse_xml(body: bytes) -> etree._Element:
    # No entities, no network: feeds are untrusted input (XXE, billion laughs).
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    root = etree.fromstring(gunzip_if_needed(body), parser=parser)
    if root is None:
        raise ValueError("not XML")
    return root


def parse_feed(body: bytes) -> list[Entry]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    root = _parse_xml(body)
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        url = _entry_link(item)
        if not url:
            continue
        keywords = [
            (c.get("term") or "".join(c.itertext())).strip()
            for c in item
            if _local(c.tag) in ("category", "keywords")
        ]
        entries.append(
            Entry(
                url=url,
                title=_child_text(item, "title"),
                published=_child_text(item, "pubDate", "published", "date", "issued"),
                updated=_child_text(item, "updated", "modified"),
                keywords=[k for k in keywords if k],
            )
        )
    return entries


def _entry_link(item: etree._Element) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        href = str(child.get("href") or "")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if isinstance(child.text, str) and child.text.strip():
            return child.text.strip()
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    guid = _child_text(item, "guid")
    if guid and guid.startswith("http"):
        return guid
    return str(about) if about else None


def parse_sitemap(body: bytes) -> list[Entry]:
    """`<url>` entries of a urlset (with Google News metadata) or `<sitemap>` of an index."""
    root = _parse_xml(body)
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        entry = Entry(url=loc, updated=_child_text(node, "lastmod"))
        for child in node:
            if _local(child.tag) == "news":
                entry.title = _child_text(child, "title")
                entry.published = _child_text(child, "publication_date")
                keywords = _child_text(child, "keywords")
                entry.keywords = [k.strip() for k in (keywords or "").split(",") if k.strip()]
        entries.append(entry)
    return entries


def robots_sitemaps(text: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt."""
    return [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.lower().startswith("sitemap:") and line.split(":", 1)[1].strip()
    ]
