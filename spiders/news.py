"""The news spider: from article pages, feeds, sitemaps or home pages to extracted Articles."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.crawl.backlog import Backlog
from newscrawl.crawl.discovery import HomePages, RobotsSitemaps, Step
from newscrawl.crawl.feeds import Entry, detect_kind
from newscrawl.crawl.links import Links, feed_links
from newscrawl.crawl.listing import LISTING_ERRORS, Selection, checked, read
from newscrawl.crawl.meta import DEPTH, HINTS, HOME, LISTING_DATE, LISTING_ROLES, PROBE, ROLE, Role
from newscrawl.crawl.pool import ExtractionAbandoned, ExtractionPool, WorkersUnavailable, crawler_pool
from newscrawl.crawl.schemes import Refusals, RefusedUrl, refusal
from newscrawl.crawl.seen import AlreadyStored
from newscrawl.crawl.stopping import StoppedRequest, stop_level
from newscrawl.extraction import ExtractionError, NotAnArticle, UnreadablePage
from newscrawl.extraction.hints import NO_HINTS, Hints
from newscrawl.sources import Source, find_source

logger = logging.getLogger(__name__)

# A listing that cannot be read, or whose feed parsing crashed or timed out in a worker.
BAD_LISTING: tuple[type[BaseException], ...] = (*LISTING_ERRORS, UnreadablePage)


class NewsSpider(Spider):
    """`scrapy crawl news -a url=URL[,URL...]` or `-a source=NAME` (from the sources file)."""

    name = "news"
    pool: ExtractionPool
    max_depth: int
    site_rules: str | None
    refusals: Refusals
    links: Links
    selection: Selection
    backlog: Backlog

    def __init__(
        self,
        url: str | None = None,
        urls: Iterable[str] | None = None,
        source: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        given = list(urls or []) + [u for u in (url or "").split(",") if u.strip()]
        self.start_urls = [u.strip() for u in given]
        self.source = source
        self.homes = HomePages()
        self.robots = RobotsSitemaps()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        allow: list[re.Pattern[str]] = []
        deny: list[re.Pattern[str]] = []
        spider.site_rules = None
        if spider.source:
            source = find_source(Path(settings.get("NEWSCRAWL_SOURCES")), spider.source)
            allow, deny = spider.configure(source, crawler)
        spider.pool = crawler_pool(crawler)
        spider.refusals = Refusals(crawler)
        spider.max_depth = settings.getint("NEWSCRAWL_LINK_DEPTH", 2)
        offsite = settings.getbool("NEWSCRAWL_FOLLOW_OFFSITE")
        spider.links = Links(allow, deny, getattr(spider, "allowed_domains", None) or (), offsite)
        max_age = settings.getfloat("NEWSCRAWL_MAX_AGE")
        age = timedelta(seconds=max_age) if max_age else None
        spider.selection = Selection(spider.links.matches, age, lambda why: spider._count(f"skipped/{why}"))
        high = 4 * settings.getint("CONCURRENT_REQUESTS")
        spider.backlog = Backlog(crawler, spider._article, spider._child_listing, high)
        crawler.signals.connect(spider.robots.robots_parsed, signal=signals.robots_parsed)
        return spider

    def configure(
        self, source: Source, crawler: Crawler
    ) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        """Take URLs, domains, settings from a source of the sources file; its URL patterns."""
        self.start_urls = self.start_urls or source.urls
        if source.allowed_domains:
            self.allowed_domains = list(source.allowed_domains)
        self.site_rules = source.site_rules
        # Settings are still open for changes here (they freeze after the spider is built).
        crawler.settings.setdict(source.crawl_settings(), priority="spider")
        return [re.compile(p) for p in source.allow], [re.compile(p) for p in source.deny]

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            request = self._request(url, Role.START, self.parse_any)
            if request:
                yield request

    def _request(
        self,
        url: str,
        role: Role,
        callback: Any,
        depth: int = 0,
        priority: int = 0,
        meta: dict[str, Any] | None = None,
    ) -> Request | None:
        """A request for `url`; None, counted as refused, for a URL Scrapy cannot request."""
        meta = {**(meta or {}), ROLE: role, DEPTH: depth}
        if role in LISTING_ROLES:
            meta["handle_httpstatus_list"] = [304]
        try:
            # A home page's listings skip the duplicate filter: each must answer, or its
            # home page would wait for it forever.
            return Request(
                url, callback, errback=self.on_error, priority=priority, meta=meta, dont_filter=HOME in meta
            )
        except ValueError as error:  # javascript:, mailto:, a port out of range: that URL only
            reason = refusal(url) or "malformed"
            self.refusals.count(url, reason, str(error) if reason == "malformed" else "")
            return None

    def _article(self, entry: Entry) -> Request | None:
        hints = entry.hints()
        meta: dict[str, Any] = {HINTS: hints, LISTING_DATE: hints.listing_date}
        return self._request(entry.url, Role.ARTICLE, self.parse_article, meta=meta)

    def _child_listing(self, entry: Entry) -> Request | None:
        return self._request(entry.url, Role.LISTING, self.parse_any)

    async def parse_any(self, response: Response) -> AsyncIterator[Any]:
        """Start URLs and discovered listings: the response's bytes say what it is."""
        self.backlog.answered(response.meta)
        home = response.meta.get(HOME)
        if response.status == 304:
            self._count("listings/not_modified")
            for request in self._after(home, found=True):
                yield request
            return
        kind = detect_kind(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
        found = await self._listing(response, kind) if kind in ("feed", "sitemap", "sitemapindex") else 0
        for request in self._after(home, found=found > 0):
            yield request
        if kind in ("feed", "sitemap", "sitemapindex"):
            return
        if response.meta.get(PROBE):
            self._count("discovery/probe_miss")  # a page, but not the listing it might have been
        elif kind == "html" and isinstance(response, TextResponse):
            async for result in self.parse_article(response):
                yield result
        else:
            self._skip(response.url, "not_html", "neither HTML, a feed nor a sitemap")

    async def _listing(self, response: Response, kind: str) -> int:
        """Reads a listing into the backlog; how many entries it had."""
        try:
            if kind == "feed":  # feedparser takes seconds a megabyte of broken markup: timed, off the reactor
                entries, cut = await self.pool.run(response.url, read, kind, response.body, response.url)
            else:  # lxml's iterparse, capped at 50 MB: fast enough to stay here
                entries, cut = read(kind, response.body, response.url)
        except WorkersUnavailable as error:
            self._give_up(str(error))
            return 0
        except ExtractionAbandoned:
            self.crawler.stats.inc_value("newscrawl/stop/abandoned")
            return 0
        except BAD_LISTING as error:
            self._error(response.url, "bad_listing", str(error))
            return 0
        self._count(f"listings/{kind}")
        if cut:
            self._count(f"listings/cut/{cut}")
            logger.warning("Listing %s ended early (%s): %d entries read", response.url, cut, len(entries))
        dated = checked(
            entries, response.url, self.refusals.count, lambda why: self._count(f"listing_entries/{why}")
        )
        if kind == "sitemapindex":
            self.backlog.add_listings(dated)
        else:
            self.backlog.add_articles(self.selection.wanted(dated))
        return len(dated)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        self.backlog.answered(response.meta)
        if not isinstance(response, TextResponse):
            self._skip(response.url, "not_html", "not a text response")
            return
        if response.meta.get(ROLE) == Role.ARTICLE:
            self.crawler.stats.inc_value("newscrawl/article_pages")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        hints: Hints = response.meta.get(HINTS) or NO_HINTS
        if self.site_rules:
            hints = replace(hints, site_rules=self.site_rules)
        try:
            # Raw bytes: decoding, like everything CPU-heavy, happens in the worker.
            article = await self.pool.extract(response.body, response.url, hints, content_type)
        except WorkersUnavailable as error:
            self._give_up(str(error))
            return
        except ExtractionAbandoned:
            self.crawler.stats.inc_value("newscrawl/stop/abandoned")
            logger.info("Abandoned %s: the crawl was told twice to stop", response.url)
            return
        except NotAnArticle as error:
            self._skip(response.url, error.reason, str(error))
            for request in self._discover(response):
                yield request
            return
        except UnreadablePage as error:
            self._error(response.url, error.reason, str(error))
            return
        except ExtractionError as error:
            self._skip(response.url, error.reason, str(error))
            return
        except Exception as error:  # one broken page must not stop the crawl
            logger.exception("Extraction failed on %s", response.url)
            self._error(response.url, "extraction", repr(error))
            return
        yield article

    def _discover(self, response: TextResponse) -> list[Request]:
        """A start page: its listings, else its links; below it (role LINK), its links."""
        role = response.meta.get(ROLE)
        depth = int(response.meta.get(DEPTH, 0))
        if role == Role.START:
            announced = feed_links(response.text, response.url) + self.robots.of(response.url)
            step = self.homes.start(response.url, announced, self.links.of(response))
            return self._take(response.url, step)
        if role == Role.LINK and depth < self.max_depth:
            return self._follow(self.links.of(response), depth)
        return []

    def _after(self, home: str | None, found: bool) -> list[Request]:
        """One listing of `home` answered: the next step of its discovery, if it is due."""
        return self._take(home, self.homes.answered(home, found)) if home else []

    def _take(self, home: str, step: Step | None) -> list[Request]:
        while step is not None and step.links is None:
            meta = {HOME: home, PROBE: step.probe}
            made = [self._request(url, Role.LISTING, self.parse_any, meta=meta) for url in step.listings]
            requests = [r for r in made if r]
            if requests:
                self.homes.sent(home, len(requests))
                return requests
            step = self.homes.answered(home, found=False)
        return self._follow(step.links, 0) if step and step.links else []

    def _follow(self, links: tuple[list[str], list[str]], depth: int) -> list[Request]:
        articles, others = links
        made = [self._request(u, Role.ARTICLE, self.parse_article, depth + 1) for u in articles]
        if depth + 1 < self.max_depth:
            made += [
                self._request(u, Role.LINK, self.parse_article, depth + 1, priority=-1000) for u in others
            ]
        return [r for r in made if r]

    def on_error(self, failure: Failure) -> list[Request]:
        request = failure.request  # type: ignore[attr-defined]
        self.backlog.answered(request.meta)
        if isinstance(failure.value, StoppedRequest) or stop_level(self.crawler) >= 2:
            return []  # a download abandoned by a stop signal (counted there): no failure
        if isinstance(failure.value, HttpError) and request.meta.get(PROBE):
            self._count("discovery/probe_miss")  # most sites keep nothing at most usual places
        elif isinstance(failure.value, HttpError):
            status = failure.value.response.status
            self._error(request.url, f"http_{status}", f"HTTP {status}")
        elif not isinstance(failure.value, AlreadyStored | RefusedUrl):  # counted where dropped
            self._error(request.url, "download", failure.getErrorMessage() or repr(failure.value))
        return self._after(request.meta.get(HOME), found=False)

    def _give_up(self, reason: str) -> None:
        """End the crawl: no page can be extracted, so fetching more would only cost the site."""
        if self.crawler.stats.get_value("newscrawl/errors/workers") is None:
            logger.error("Extraction workers cannot start (%s): ending the crawl", reason)
            self._closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason="extraction_workers_failed")
            )
        self.crawler.stats.inc_value("newscrawl/errors/workers")

    def _count(self, stat: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{stat}")

    def _skip(self, url: str, reason: str, detail: str) -> None:
        self._count(f"skipped/{reason}")
        logger.info("Skipped %s (%s): %s", url, reason, detail)

    def _error(self, url: str, reason: str, detail: str) -> None:
        self._count(f"errors/{reason}")
        logger.warning("Failed %s (%s): %s", url, reason, detail)
