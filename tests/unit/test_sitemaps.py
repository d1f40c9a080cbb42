"""Sitemaps read as a stream: Google News metadata, indexes, cut-short archives, size caps, no fetching."""

from __future__ import annotations

import gzip
from pathlib import Path

from newscrawl.crawl.feeds import parse_feed
from newscrawl.crawl.sitemaps import parse_sitemap
from newscrawl.siteserver import SiteServer

NEWS_SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc>https://example.com/n1</loc>
<image:image><image:loc>https://example.com/n1.jpg</image:loc><image:title>A photo</image:title></image:image>
<news:news><news:publication><news:name>Courier</news:name></news:publication>
<news:publication_date>2024-03-12T10:00:00Z</news:publication_date>
<news:title>News one</news:title><news:keywords>a, b, a</news:keywords></news:news></url>
<url><loc> https://example.com/n2 </loc><lastmod>2024-03-11</lastmod></url>
<url><lastmod>2024-03-11</lastmod></url>
</urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/s1.xml</loc><lastmod>2024-03-12</lastmod></sitemap></sitemapindex>"""


def big_sitemap(count: int) -> bytes:
    urls = b"".join(b"<url><loc>https://example.com/story-%d</loc></url>" % n for n in range(count))
    return b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + urls + b"</urlset>"


def test_news_sitemap_metadata() -> None:
    read = parse_sitemap(gzip.compress(NEWS_SITEMAP))
    first, second = read.entries
    assert (first.url, first.title, first.published, first.keywords) == (
        "https://example.com/n1",
        "News one",
        "2024-03-12T10:00:00Z",
        ("a", "b"),
    )
    assert (second.url, second.updated, second.title) == ("https://example.com/n2", "2024-03-11", None)
    assert read.cut is None


def test_sitemap_index_lists_sitemaps() -> None:
    [child] = parse_sitemap(INDEX).entries
    assert (child.url, child.updated) == ("https://example.com/s1.xml", "2024-03-12")


def test_cut_short_archive_keeps_what_was_read() -> None:
    archive = gzip.compress(big_sitemap(5000))
    read = parse_sitemap(archive[: len(archive) // 2])
    assert read.cut == "truncated_archive"
    assert 1000 < len(read.entries) < 5000
    assert [e.url for e in read.entries[:2]] == ["https://example.com/story-0", "https://example.com/story-1"]
    # The entry the cut went through is not kept as half a URL.
    assert read.entries[-1].url == f"https://example.com/story-{len(read.entries) - 1}"


def test_cap_on_decompressed_bytes() -> None:
    """A gzip bomb stops at the cap: what came before it is kept."""
    read = parse_sitemap(gzip.compress(big_sitemap(20000)), cap=100_000)
    assert read.cut == "too_large"
    assert 1000 < len(read.entries) < 20000


def test_entities_are_neither_expanded_nor_fetched() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">
<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<urlset><url><loc>https://example.com/&x;</loc></url><url><loc>https://example.com/&b;</loc></url>
<url><loc>https://example.com/plain</loc></url></urlset>"""
    urls = [e.url for e in parse_sitemap(body).entries]
    assert "https://example.com/plain" in urls
    assert not any("root:" in url or "aaaa" in url for url in urls)


def test_garbage_gives_no_entries() -> None:
    assert parse_sitemap(b"").entries == []
    assert parse_sitemap(b"\x1f\x8b\x08garbage").cut == "corrupt_archive"
    assert parse_sitemap(b"not xml at all").entries == []


def test_external_entities_and_dtds_are_not_fetched(tmp_path: Path) -> None:
    """A feed or sitemap naming a DTD or entity on a server that is up: nothing asks it."""
    (tmp_path / "x.dtd").write_text('<!ENTITY x "FETCHED">')
    (tmp_path / "x.txt").write_text("FETCHED")
    with SiteServer(tmp_path) as server:
        doctype = f'<!DOCTYPE r SYSTEM "{server.url}/x.dtd" [<!ENTITY y SYSTEM "{server.url}/x.txt">]>'
        sitemap = f"<?xml version='1.0'?>{doctype}<urlset><url><loc>https://e.com/&y;</loc></url></urlset>"
        feed = f"<?xml version='1.0'?>{doctype}<rss><channel><item><title>&y;</title>"
        feed += "<link>https://e.com/a-b-c-d</link></item></channel></rss>"
        read = parse_sitemap(sitemap.encode())
        [entry] = parse_feed(feed.encode(), "https://e.com/feed.xml")
        assert server.requests_served == 0
    assert "FETCHED" not in (entry.title or "") + "".join(e.url for e in read.entries)


def test_an_entry_that_is_the_root_is_read_after_a_processing_instruction() -> None:
    # Found by fuzzing: freeing the entries read before this one assumed they had a parent.
    read = parse_sitemap(b"<?pi x?><url><loc>https://example.com/a</loc></url>")
    assert [e.url for e in read.entries] == ["https://example.com/a"]
