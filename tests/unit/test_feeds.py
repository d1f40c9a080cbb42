"""Feeds, and telling listings apart: what the spider reads to find articles."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.crawl.feeds import detect_kind, parse_feed
from newscrawl.crawl.links import looks_like_article
from newscrawl.extraction.hints import Hints

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>First</title><link>https://example.com/news/2024/03/12/first</link>
<pubDate>Tue, 12 Mar 2024 18:30:00 GMT</pubDate><category>Budget</category></item>
<item><title>No link</title></item></channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>Atom one</title><link rel="alternate" href="https://example.com/a-1"/>
<link rel="enclosure" href="https://example.com/a-1.mp3"/><updated>2024-03-12T10:00:00Z</updated>
<category term="Science"/></entry></feed>"""
NEWS_SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://example.com/n1</loc>
<news:news><news:publication_date>2024-03-12T10:00:00Z</news:publication_date>
<news:title>News one</news:title><news:keywords>a, b</news:keywords></news:news></url></urlset>"""
RSS_091 = b"""<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title>
<item><title>Old one</title><link>https://example.com/old-style-story-one</link></item></channel></rss>"""
FEED_URL = "https://example.com/feeds/all.xml"
JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
{"id": "1", "url": "https://example.com/j/first-json-story", "title": "First JSON",
 "date_published": "2024-03-12T10:00:00Z", "tags": ["Budget", "Council"]},
{"id": "2", "external_url": "/j/second-json-story", "date_modified": "2024-03-11T10:00:00Z"},
{"id": "3", "title": "No URL"}, "not an item"]}"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&x;</title><link>https://example.com/x-y-z-w</link></item></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (RSS, "feed"),
        (RSS_091, "feed"),
        (JSON_FEED, "feed"),
        (ATOM, "feed"),
        (NEWS_SITEMAP, "sitemap"),
        (INDEX, "sitemapindex"),
        (gzip.compress(NEWS_SITEMAP, mtime=0), "sitemap"),  # no clock: every xdist worker needs this id
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"%PDF-1.4 binary", "other"),
        (b"not xml at all", "other"),
    ],
)
def test_kind_comes_from_the_bytes(body: bytes, kind: str) -> None:
    assert detect_kind(body, "application/octet-stream") == kind


def test_rss_entries_carry_hints() -> None:
    [entry] = parse_feed(RSS, FEED_URL)
    assert entry.url == "https://example.com/news/2024/03/12/first"
    assert entry.hints() == Hints(
        title="First",
        published="Tue, 12 Mar 2024 18:30:00 GMT",
        keywords=("Budget",),
        listing_date="Tue, 12 Mar 2024 18:30:00 GMT",
    )


def test_atom_uses_the_alternate_link() -> None:
    [entry] = parse_feed(ATOM, FEED_URL)
    assert (entry.url, entry.updated, entry.keywords) == (
        "https://example.com/a-1",
        "2024-03-12T10:00:00Z",
        ("Science",),
    )


def test_external_entities_are_not_resolved() -> None:
    [entry] = parse_feed(XXE, FEED_URL)
    assert "root:" not in (entry.title or "")


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://e.com/news/2024/03/12/council-budget", True),
        ("https://e.com/politics/council-approves-record-flood-budget", True),
        ("https://e.com/articles/244610/x.htm", True),
        ("https://e.com/", False),
        ("https://e.com/tag/budget/", False),
        ("https://e.com/section/local", False),
        ("https://e.com/about", False),
    ],
)
def test_article_url_shapes(url: str, article: bool) -> None:
    assert looks_like_article(url) is article


RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="x"><title>R</title></channel>
<item rdf:about="https://example.com/rdf-story-one"><title>RDF one</title><link>https://example.com/rdf-story-one</link>
<dc:date>2024-03-12T10:00:00Z</dc:date><dc:subject>Science</dc:subject></item></rdf:RDF>"""
ATOM_BASE = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/blog/">
<entry xml:base="2024/"><title>Based</title><link href="based-story-one"/></entry>
<entry><title>Rooted</title><link href="/news/rooted-story-two"/></entry></feed>"""
FEEDBURNER = b"""<?xml version="1.0"?><rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>F</title>
<item><title>Burned</title><link>https://feeds.feedburner.com/~r/example/~3/abc/</link>
<feedburner:origLink>https://example.com/news/original-story-url</feedburner:origLink>
<dc:subject>Politics</dc:subject><media:keywords>flood, budget ,council</media:keywords></item>
<item><title>Relative</title><link>/news/relative-story-link</link></item></channel></rss>"""


def test_json_feed_items() -> None:
    first, second = parse_feed(JSON_FEED, FEED_URL)
    assert (first.url, first.title, first.published, first.keywords) == (
        "https://example.com/j/first-json-story",
        "First JSON",
        "2024-03-12T10:00:00Z",
        ("Budget", "Council"),
    )
    # Resolved later, against the feed's URL, with every other entry's.
    assert (second.url, second.updated) == ("/j/second-json-story", "2024-03-11T10:00:00Z")


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}', "application/json", "feed"),
        (b'{"items": []}', "application/feed+json; charset=utf-8", "feed"),
        (b'{"items": []}', "application/json", "other"),
    ],
)
def test_json_feed_is_a_feed(body: bytes, content_type: str, kind: str) -> None:
    assert detect_kind(body, content_type) == kind


def test_cut_short_gzip_is_still_recognised() -> None:
    archive = gzip.compress(NEWS_SITEMAP * 50)
    assert detect_kind(archive[: len(archive) // 3]) == "sitemap"


def test_rss_091_and_rdf() -> None:
    [old] = parse_feed(RSS_091, FEED_URL)
    [rdf] = parse_feed(RDF, FEED_URL)
    assert old.url == "https://example.com/old-style-story-one"
    assert (rdf.url, rdf.published or rdf.updated, rdf.keywords) == (
        "https://example.com/rdf-story-one",
        "2024-03-12T10:00:00Z",
        ("Science",),
    )


def test_atom_xml_base_is_applied() -> None:
    assert [e.url for e in parse_feed(ATOM_BASE, FEED_URL)] == [
        "https://example.com/blog/2024/based-story-one",
        "https://example.com/news/rooted-story-two",
    ]


def test_feedburner_orig_link_and_subject_keywords() -> None:
    burned, relative = parse_feed(FEEDBURNER, FEED_URL)
    assert burned.url == "https://example.com/news/original-story-url"
    assert burned.keywords == ("Politics", "flood", "budget", "council")
    assert relative.url == "https://example.com/news/relative-story-link"


def test_a_body_is_never_opened_as_a_path_or_url() -> None:
    """feedparser reads a str or bytes argument as a file name or URL; it gets a stream."""
    for body in (b"/etc/passwd", b"http://127.0.0.1:1/feed.xml"):
        with pytest.raises(ValueError, match="unreadable feed"):
            parse_feed(body, FEED_URL)


def test_broken_feeds_give_what_they_hold() -> None:
    cut = RSS[: RSS.index(b"<item><title>No link")]
    assert [e.title for e in parse_feed(cut, FEED_URL)] == ["First"]
    # Nothing readable at all is the listing's failure (counted as bad_listing), not an empty one.
    for body in (b"{not json", b"[1, 2]", b""):
        with pytest.raises(ValueError, match="unreadable"):
            parse_feed(body, FEED_URL)
    assert parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', FEED_URL) == []


def test_a_feed_that_breaks_feedparser_is_unreadable_not_a_crash() -> None:
    """Fuzzing found markup on which feedparser's own handlers raise KeyError and TypeError;
    the spider counts a ValueError as bad_listing, where anything else would escape it."""
    for ends_out_of_order in (
        b"<rss><channel><item><category>a</item><link>x</link></category></channel></rss>",  # KeyError
        b"<rss><channel><image></width></image></channel></rss>",  # TypeError
    ):
        with pytest.raises(ValueError, match="unreadable feed: feedparser failed"):
            parse_feed(ends_out_of_order, FEED_URL)
