"""The crawl path: requests routed by role, discovery's requests carry no page, one pool per crawler."""

from __future__ import annotations

import pickle
from typing import Any

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawl.feeds import Entry
from newscrawl.crawl.following import Discovery, article_request, listing_answered, page_leads
from newscrawl.crawl.meta import DEPTH, HINTS, HOME, LISTING_DATE, PROBE, ROLE, Role
from newscrawl.crawl.pool import crawler_pool
from newscrawl.crawl.requesting import RequestMaker
from newscrawl.crawl.schemes import Refusals
from newscrawl.extraction.hints import Hints

HOME_URL = "https://e.com/"
HOME_PAGE = (
    b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>'
    + b"".join(b'<a href="/news/2024/03/story-number-%d">s</a>' % i for i in range(3))
    + b'<a href="/section/world">World</a>'
    + b"<p>"
    + b"filler " * 5000
    + b"</p></body></html>"
)


def _listing(response: Any) -> None: ...
def _article(response: Any) -> None: ...
def _failed(failure: Any) -> None: ...


def discovery(**settings: Any) -> Discovery:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_LINK_DEPTH": 2, **settings})
    crawler.stats.open_spider()
    routes = {Role.START: _listing, Role.LISTING: _listing, Role.ARTICLE: _article, Role.LINK: _article}
    make = RequestMaker(routes, _failed, Refusals(crawler))
    return Discovery.from_crawler(crawler, make, lambda stat: crawler.stats.inc_value(stat), ([], []), ())


def test_requests_are_routed_by_role_and_listings_may_be_unchanged() -> None:
    found = discovery()
    start = found.make(HOME_URL, Role.START)
    article = found.make("https://e.com/news/2024/03/story-one", Role.ARTICLE, depth=1)
    assert start is not None and article is not None
    assert (start.callback, start.meta[ROLE], start.meta["handle_httpstatus_list"]) == (
        _listing,
        "start",
        [304],
    )
    assert (article.callback, article.meta[ROLE], article.meta[DEPTH]) == (_article, Role.ARTICLE, 1)
    assert "handle_httpstatus_list" not in article.meta and article.errback is _failed


def test_a_url_no_request_can_be_made_of_is_counted_not_raised() -> None:
    found = discovery()
    assert found.make("mailto:desk@e.com", Role.ARTICLE) is None
    assert found.make("http://e.com:99999/x", Role.ARTICLE) is None
    stats = found.make.refusals.crawler.stats
    assert stats.get_value("newscrawl/refused/scheme/mailto") == 1
    assert stats.get_value("newscrawl/refused/malformed") == 1


def test_an_article_carries_the_listings_hints_and_date() -> None:
    found = discovery()
    entry = Entry("https://e.com/a", title="A", updated="2024-03-12T10:00:00Z", keywords=("x",))
    request = article_request(found.make, entry)
    assert request is not None
    assert request.meta[HINTS] == Hints("A", "2024-03-12T10:00:00Z", ("x",), "2024-03-12T10:00:00Z")
    assert request.meta[LISTING_DATE] == "2024-03-12T10:00:00Z"


def test_a_home_pages_listings_carry_its_url_not_its_page() -> None:
    found = discovery()
    start = found.make(HOME_URL, Role.START)
    assert start is not None
    response = HtmlResponse(HOME_URL, body=HOME_PAGE, request=start)
    [feed] = page_leads(found, response)
    assert (feed.url, feed.meta[HOME], feed.meta[PROBE], feed.meta[ROLE]) == (
        "https://e.com/feed.xml",
        HOME_URL,
        False,
        Role.LISTING,
    )
    # The meta a listing request queues is small: the home page's 30 kB are not in it.
    assert len(pickle.dumps(feed.meta)) < 1000
    # The feed failed: the usual locations are probed next, then the page's links followed.
    probes = listing_answered(found, feed.meta, False)
    assert probes and all(probe.meta[PROBE] for probe in probes)
    for probe in probes[:-1]:
        assert listing_answered(found, probe.meta, False) == []
    links = listing_answered(found, probes[-1].meta, False)
    articles = [r.url for r in links if r.meta[ROLE] == Role.ARTICLE]
    others = [r.url for r in links if r.meta[ROLE] == Role.LINK]
    assert articles == [f"https://e.com/news/2024/03/story-number-{i}" for i in range(3)]
    assert others == ["https://e.com/section/world"]


def test_one_pool_per_crawler() -> None:
    first, second = get_crawler(), get_crawler()
    assert crawler_pool(first) is crawler_pool(first)
    assert crawler_pool(first) is not crawler_pool(second)
