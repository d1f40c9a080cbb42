"""What a page leads to: a listing's entries, a home page's listings in turn, the links to follow.

Plain functions of a Discovery, the crawl's discovery state, which the spider builds in
from_crawler; the spider routes responses to them and does the error accounting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import TextResponse

from newscrawl.crawl.backlog import Backlog
from newscrawl.crawl.discovery import HomePages, RobotsSitemaps, Step
from newscrawl.crawl.feeds import Entry
from newscrawl.crawl.links import Links, feed_links
from newscrawl.crawl.listing import Selection, checked
from newscrawl.crawl.meta import DEPTH, HINTS, HOME, LISTING_DATE, PROBE, ROLE, Role
from newscrawl.crawl.requesting import RequestMaker
from newscrawl.crawl.sourced import Patterns

logger = logging.getLogger(__name__)

Count = Callable[[str], None]  # a stat under newscrawl/


@dataclass(frozen=True)
class Discovery:
    """The parts of a crawl that discovery works with, one set per crawl."""

    make: RequestMaker
    count: Count
    homes: HomePages
    robots: RobotsSitemaps
    links: Links
    selection: Selection
    backlog: Backlog
    max_depth: int

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, make: RequestMaker, count: Count, patterns: Patterns, domains: Iterable[str]
    ) -> Discovery:
        """Built from the crawl's settings, with the source's URL `patterns` and `domains`."""
        settings = crawler.settings
        links = Links(*patterns, domains, settings.getbool("NEWSCRAWL_FOLLOW_OFFSITE"))
        max_age = settings.getfloat("NEWSCRAWL_MAX_AGE")
        age = timedelta(seconds=max_age) if max_age else None
        selection = Selection(links.matches, age, lambda why: count(f"skipped/{why}"))
        high = (
            4 * settings.getint("CONCURRENT_REQUESTS") if settings.getbool("NEWSCRAWL_BACKLOG", True) else 0
        )
        backlog = Backlog(crawler, partial(article_request, make), partial(listing_request, make), high)
        robots = RobotsSitemaps()
        crawler.signals.connect(robots.robots_parsed, signal=signals.robots_parsed)
        depth = settings.getint("NEWSCRAWL_LINK_DEPTH", 2)
        return cls(make, count, HomePages(), robots, links, selection, backlog, depth)


def article_request(make: RequestMaker, entry: Entry) -> Request | None:
    """An article a listing named, with what the listing said of it."""
    hints = entry.hints()
    return make(entry.url, Role.ARTICLE, meta={HINTS: hints, LISTING_DATE: hints.listing_date})


def listing_request(make: RequestMaker, entry: Entry) -> Request | None:
    """A sitemap a sitemap index named."""
    return make(entry.url, Role.LISTING)


def take_entries(found: Discovery, kind: str, url: str, entries: list[Entry], cut: str | None) -> int:
    """A listing's entries checked and into the backlog (an index's as listings); how many."""
    found.count(f"listings/{kind}")
    if cut:
        found.count(f"listings/cut/{cut}")
        logger.warning("Listing %s ended early (%s): %d entries read", url, cut, len(entries))
    dated = checked(
        entries, url, found.make.refusals.count, lambda why: found.count(f"listing_entries/{why}")
    )
    if kind == "sitemapindex":
        found.backlog.add_listings(dated)
    else:
        found.backlog.add_articles(found.selection.wanted(dated))
    return len(dated)


def page_leads(found: Discovery, response: TextResponse) -> list[Request]:
    """A page that is no article: a start page's listings, else its links; a LINK page's links."""
    role = response.meta.get(ROLE)
    depth = int(response.meta.get(DEPTH, 0))
    if role == Role.START:
        announced = feed_links(response.text, response.url) + found.robots.of(response.url)
        # Only the links are kept for later, not the page: a home page waits for its listings.
        step = found.homes.start(response.url, announced, found.links.of(response))
        return _home_step(found, response.url, step)
    if role == Role.LINK and depth < found.max_depth:
        return _follow(found, found.links.of(response), depth)
    return []


def listing_answered(found: Discovery, meta: dict[str, Any], found_entries: bool) -> list[Request]:
    """A listing answered, failed or was not sent: its home page's next step, if it is due."""
    home = meta.get(HOME)
    return _home_step(found, home, found.homes.answered(home, found_entries)) if home else []


def _home_step(found: Discovery, home: str, step: Step | None) -> list[Request]:
    while step is not None and step.links is None:
        meta = {HOME: home, PROBE: step.probe}
        requests = [r for url in step.listings if (r := found.make(url, Role.LISTING, meta=meta))]
        if requests:
            found.homes.sent(home, len(requests))
            return requests
        step = found.homes.answered(home, found=False)
    return _follow(found, step.links, 0) if step and step.links else []


def _follow(found: Discovery, links: tuple[list[str], list[str]], depth: int) -> list[Request]:
    articles, others = links
    made = [found.make(url, Role.ARTICLE, depth + 1) for url in articles]
    if depth + 1 < found.max_depth:  # pages below are followed for their links, after the articles
        made += [found.make(url, Role.LINK, depth + 1, priority=-1000) for url in others]
    return [r for r in made if r]
