"""Discovery decisions: entries checked one by one, robots sitemaps, home pages' steps, links."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.robotstxt import ProtegoRobotParser

from newscrawl.crawl.discovery import PROBES, HomePages, RobotsSitemaps
from newscrawl.crawl.feeds import Entry
from newscrawl.crawl.links import Links, feed_links
from newscrawl.crawl.listing import Selection, checked

LISTING = "https://e.com/feeds/all.xml"


class _Counter(Counter[str]):
    def update_one(self, key: str) -> None:
        self[key] += 1


def test_one_bad_entry_costs_that_entry_only() -> None:
    counts = _Counter()
    entries = [
        Entry("http://[::1"),
        Entry("http://[zz::1]/story"),
        Entry("/news/relative-story", published="2024-03-12T10:00:00Z"),
        Entry("https://e.com/year-one", published="Mon, 01 Jan 0001 00:00:00 GMT"),
        Entry("https://e.com/year-9999", updated="9999-12-31T23:59:59Z", published="2024-03-01"),
    ]
    refused: list[str] = []
    kept = [
        entry
        for _, entry in checked(entries, LISTING, lambda url, why: refused.append(why), counts.update_one)
    ]
    assert [e.url for e in kept] == [
        "https://e.com/news/relative-story",
        "https://e.com/year-one",
        "https://e.com/year-9999",
    ]
    assert refused == ["malformed", "malformed"]
    # An impossible date costs that field, not the entry.
    assert [(e.published, e.updated) for e in kept[1:]] == [(None, None), ("2024-03-01", None)]
    assert counts == {"bad_date": 2}


def test_selection_orders_newest_first_and_counts_what_it_leaves() -> None:
    counts = _Counter()
    selection = Selection(lambda url: "/deny/" not in url, timedelta(days=365 * 100), counts.update_one)
    entries = [
        Entry("https://e.com/undated-first"),
        Entry("https://e.com/old", published="2001-01-01T00:00:00Z"),
        Entry("https://e.com/deny/new", published="2024-03-12T00:00:00Z"),
        Entry("https://e.com/new", updated="2024-03-12T00:00:00Z"),
        Entry("https://e.com/undated-second"),
        Entry("https://e.com/ancient", published="1901-01-01T00:00:00Z"),
    ]
    wanted = selection.wanted(checked(entries, LISTING, lambda url, why: None, counts.update_one))
    assert [e.url.rsplit("/", 1)[1] for _, e in wanted] == ["new", "old", "undated-first", "undated-second"]
    assert counts == {"pattern": 1, "too_old": 1}


def test_robots_sitemaps_come_from_scrapys_parser_and_resolve() -> None:
    robots = RobotsSitemaps()
    body = (
        b"User-agent: *\nSitemap: /sitemap.xml\nsitemap:https://cdn.e.com/news.xml\nSitemap: http://[oops/x\n"
    )
    robots.robots_parsed(ProtegoRobotParser(body, None), Request("https://e.com/some/page"))
    assert robots.of("https://e.com/") == ["https://e.com/sitemap.xml", "https://cdn.e.com/news.xml"]
    assert robots.of("https://other.com/") == []


def test_home_page_steps_listings_then_probes_then_links() -> None:
    homes = HomePages()
    links = (["https://e.com/news/2024/03/12/story"], ["https://e.com/section/local"])
    first = homes.start("https://e.com/", ["https://e.com/feed.json"], links)
    assert (first.listings, first.probe) == (["https://e.com/feed.json"], False)
    homes.sent("https://e.com/", 1)
    probes = homes.answered("https://e.com/", found=False)
    assert probes is not None and probes.probe
    assert probes.listings == [f"https://e.com{path}" for path in PROBES]
    homes.sent("https://e.com/", len(PROBES))
    for _ in PROBES[1:]:
        assert homes.answered("https://e.com/", found=False) is None
    last = homes.answered("https://e.com/", found=False)
    assert last is not None and last.links == links


def test_a_listing_with_entries_ends_the_discovery() -> None:
    homes = HomePages()
    step = homes.start("https://e.com/", [], ([], []))
    assert step.probe
    homes.sent("https://e.com/", 5)
    assert homes.answered("https://e.com/", found=True) is None
    assert homes.answered("https://e.com/", found=False) is None  # the other probes: nothing more


PAGE = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/feed+json" href="/feed.json">
<link rel="alternate" type="application/rss+xml" href="/comments/feed/"></head><body>
<a href="/news/2024/03/12/council-budget#comments">x</a><a href="/tag/budget/">t</a>
<a href="/files/council-budget-report-2024-final.docx">d</a>
<a href="/media/council-budget-meeting-video-2024.mov">v</a>
<a href="/img/council-budget-meeting-photo-2024.webp">w</a>
<a href="/data/council-budget-spending-table-2024.xlsx">x</a>
<a href="/events/council-budget-meeting-calendar-2024.ics">c</a>
<a href="/opinion/why-the-council-budget-is-wrong">o</a>
<a href="https://other.example/news/2024/03/12/elsewhere">o</a><a href="http://[oops/x-y-z-w">b</a>
<a href="mailto:x@e.com">m</a></body></html>"""


def test_home_page_feeds() -> None:
    assert feed_links(PAGE.decode(), "https://e.com/") == [
        "https://e.com/feed.xml",
        "https://e.com/feed.json",
    ]


def test_links_skip_files_and_other_sites() -> None:
    response = HtmlResponse("https://e.com/", body=PAGE)
    articles, others = Links().of(response)
    assert articles == [
        "https://e.com/news/2024/03/12/council-budget",
        "https://e.com/opinion/why-the-council-budget-is-wrong",
    ]
    assert others == ["https://e.com/tag/budget/"]


def test_links_within_the_sources_patterns_and_offsite() -> None:
    response = HtmlResponse("https://e.com/", body=PAGE)
    links = Links(allow=[re.compile(r"/news/")], deny=[re.compile(r"budget-x")], offsite=True)
    articles, others = links.of(response)
    assert articles == [
        "https://e.com/news/2024/03/12/council-budget",
        "https://other.example/news/2024/03/12/elsewhere",
    ]
    assert others == ["https://e.com/tag/budget/"]  # section pages lead to articles: not filtered
