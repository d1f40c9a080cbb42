"""Reading sitemaps and sitemap indexes as a stream, with Google News metadata, within a size cap.

Our own reader because Scrapy's Sitemap class builds one tree of the whole document and drops
the news: namespace; here each <url> is read and freed as the parser reaches its end.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from newscrawl.crawl.feeds import Entry

# Decompressed bytes read at most from one sitemap (the protocol caps a sitemap at 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_CHUNK = 64 * 1024
_NEWS_FIELDS = frozenset({"title", "publication_date", "keywords"})
_FIELDS = _NEWS_FIELDS | {"loc", "lastmod"}


class _CappedStream:
    """A file-like view of the body, gunzipped if it is gzipped, ending at the cap or the cut.

    Sitemaps are often served as .xml.gz without Content-Encoding. A cut-short archive or
    one that expands past the cap ends the stream early, and says so in `cut`.
    """

    def __init__(self, body: bytes, cap: int) -> None:
        self.body = body
        self.cap = cap
        self.position = 0
        self.produced = 0
        self.cut: str | None = None
        self.inflater = zlib.decompressobj(wbits=31) if body[:2] == b"\x1f\x8b" else None

    def read(self, size: int = _CHUNK) -> bytes:
        want = max(1, min(size if size > 0 else _CHUNK, self.cap + 1 - self.produced))
        if self.produced > self.cap:
            return b""
        data = self._inflate(want) if self.inflater else self._raw(want)
        self.produced += len(data)
        if self.produced > self.cap:
            self.cut = "too_large"
            return data[: len(data) - (self.produced - self.cap)]
        return data

    def _raw(self, want: int) -> bytes:
        data = self.body[self.position : self.position + want]
        self.position += len(data)
        return data

    def _inflate(self, want: int) -> bytes:
        assert self.inflater is not None
        while True:
            try:
                data = self.inflater.decompress(self.inflater.unconsumed_tail or self._raw(_CHUNK), want)
            except zlib.error:
                self.cut = "corrupt_archive"
                return b""
            if data:
                return data
            if self.inflater.eof:
                return b""
            if self.position >= len(self.body) and not self.inflater.unconsumed_tail:
                self.cut = "truncated_archive"
                return b""


@dataclass
class SitemapRead:
    """What was read: `cut` names why the document ended early (None: read to its end)."""

    entries: list[Entry]
    cut: str | None = None


def parse_sitemap(body: bytes, cap: int = MAX_SITEMAP_BYTES) -> SitemapRead:
    """`<url>` entries of a urlset, or `<sitemap>` entries of an index, in document order.

    Entities are not expanded and nothing is fetched (billion laughs, XXE); what was read
    before a cut, a cap or a syntax error is kept.
    """
    stream = _CappedStream(body, cap)
    entries: list[Entry] = []
    try:
        for entry in _entries(stream):
            entries.append(entry)
    except etree.XMLSyntaxError:
        return SitemapRead(entries, stream.cut or "malformed")
    if stream.cut and entries:
        # The parser closes what was open at the cut: the last entry may be half a URL.
        entries.pop()
    return SitemapRead(entries, stream.cut)


def _entries(stream: _CappedStream) -> Iterator[Entry]:
    events = etree.iterparse(
        stream,
        events=("end",),
        tag=("{*}url", "{*}sitemap"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
    )
    for _, node in events:
        entry = _entry(node)
        # Free what was read: the tree never holds more than the current entry.
        node.clear(keep_tail=False)
        parent = node.getparent()  # None when the entry is the root: a PI may still precede it
        while parent is not None and node.getprevious() is not None:
            del parent[0]
        if entry:
            yield entry


def _entry(node: etree._Element) -> Entry | None:
    fields: dict[str, str] = {}
    for child in node.iterdescendants():
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag.rpartition("}")[2]
        if name in _NEWS_FIELDS and not str(child.getparent().tag).endswith("news"):
            continue  # an image:title or video:title says nothing of the article
        if name in _FIELDS and name not in fields:
            fields[name] = (child.text or "").strip()
    if not fields.get("loc"):
        return None
    keywords = fields.get("keywords", "")
    return Entry(
        url=fields["loc"],
        title=fields.get("title") or None,
        published=fields.get("publication_date") or None,
        updated=fields.get("lastmod") or None,
        keywords=tuple(dict.fromkeys(k.strip() for k in keywords.split(",") if k.strip())),
    )
