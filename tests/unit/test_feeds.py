"""Feeds, sitemaps and robots.txt: what the spider reads to find articles."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.crawl.feeds import detect_kind, parse_feed, parse_sitemap, robots_sitemaps
from newscrawl.crawl.links import feed_links, looks_like_article, page_links

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
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&x;</title><link>https://example.com/x-y-z-w</link></item></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (RSS, "feed"),
        (ATOM, "feed"),
        (NEWS_SITEMAP, "sitemap"),
        (INDEX, "sitemapindex"),
        (gzip.compress(NEWS_SITEMAP), "sitemap"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"%PDF-1.4 binary", "other"),
        (b"not xml at all", "other"),
    ],
)
def test_kind_comes_from_the_bytes(body: bytes, kind: str) -> None:
    assert detect_kind(body, "application/octet-stream") == kind


def test_rss_entries_carry_hints() -> None:
    [entry] = parse_feed(RSS)
    assert entry.url == "https://example.com/news/2024/03/12/first"
    assert entry.hints() == {
        "title": "First",
        "published": "Tue, 12 Mar 2024 18:30:00 GMT",
        "keywords": ["Budget"],
    }


def test_atom_uses_the_alternate_link() -> None:
    [entry] = parse_feed(ATOM)
    assert (entry.url, entry.updated, entry.keywords) == (
        "https://example.com/a-1",
        "2024-03-12T10:00:00Z",
        ["Science"],
    )


def test_news_sitemap_metadata() -> None:
    [entry] = parse_sitemap(gzip.compress(NEWS_SITEMAP))
    assert (entry.title, entry.published, entry.keywords) == ("News one", "2024-03-12T10:00:00Z", ["a", "b"])


def test_sitemap_index_lists_sitemaps() -> None:
    assert [e.url for e in parse_sitemap(INDEX)] == ["https://example.com/s1.xml"]


def test_external_entities_are_not_resolved() -> None:
    [entry] = parse_feed(XXE)
    assert "root:" not in (entry.title or "")


def test_robots_sitemaps() -> None:
    assert robots_sitemaps("User-agent: *\nSitemap: https://e.com/a.xml\nsitemap:https://e.com/b.xml\n") == [
        "https://e.com/a.xml",
        "https://e.com/b.xml",
    ]


def test_home_page_discovery() -> None:
    page = """<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">
    <link rel="alternate" type="application/rss+xml" href="/comments/feed/"></head><body>
    <a href="/news/2024/03/12/council-budget">x</a><a href="/tag/budget/">t</a>
    <a href="https://other.example/news/2024/03/12/elsewhere">o</a>
    <a href="mailto:x@e.com">m</a></body></html>"""
    assert feed_links(page, "https://e.com/") == ["https://e.com/feed.xml"]
    articles, others = page_links(page, "https://e.com/")
    assert articles == ["https://e.com/news/2024/03/12/council-budget"]
    assert others == ["https://e.com/tag/budget/"]


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
