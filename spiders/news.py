"""The news spider: from article pages, feeds, sitemaps or home pages to extracted Articles."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.crawl.feeds import Entry, detect_kind, parse_feed, parse_sitemap, robots_sitemaps
from newscrawl.crawl.links import feed_links, page_links
from newscrawl.crawl.pool import ExtractionAbandoned, ExtractionPool, WorkersUnavailable
from newscrawl.crawl.schemes import Refusals, RefusedUrl, refusal
from newscrawl.crawl.seen import LISTING_DATE, ROLE, AlreadyStored
from newscrawl.crawl.stopping import StoppedRequest, stop_level
from newscrawl.extraction import ExtractionError, NotAnArticle, UnreadablePage
from newscrawl.extraction.dates import parse_date
from newscrawl.sources import Source, find_source

logger = logging.getLogger(__name__)

HINTS = "newscrawl_hints"
DEPTH = "newscrawl_depth"
OLDEST = datetime.min.replace(tzinfo=UTC)


class NewsSpider(Spider):
    """`scrapy crawl news -a url=URL[,URL...]` or `-a source=NAME` (from the sources file)."""

    name = "news"
    pool: ExtractionPool
    max_depth: int
    offsite: bool
    max_age: timedelta | None
    allow: list[re.Pattern[str]]
    deny: list[re.Pattern[str]]
    site_rules: str | None
    refusals: Refusals

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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.allow, spider.deny, spider.site_rules = [], [], None
        if spider.source:
            spider.configure(find_source(Path(settings.get("NEWSCRAWL_SOURCES")), spider.source), crawler)
        spider.pool = ExtractionPool.from_crawler(crawler)
        spider.refusals = Refusals(crawler)
        spider.max_depth = settings.getint("NEWSCRAWL_LINK_DEPTH", 2)
        spider.offsite = settings.getbool("NEWSCRAWL_FOLLOW_OFFSITE")
        max_age = settings.getfloat("NEWSCRAWL_MAX_AGE")
        spider.max_age = timedelta(seconds=max_age) if max_age else None
        return spider

    def configure(self, source: Source, crawler: Crawler) -> None:
        """Take URLs, domains, patterns and settings from a source of the sources file."""
        self.start_urls = self.start_urls or source.urls
        if source.allowed_domains:
            self.allowed_domains = list(source.allowed_domains)
        self.allow = [re.compile(p) for p in source.allow]
        self.deny = [re.compile(p) for p in source.deny]
        self.site_rules = source.site_rules
        # Settings are still open for changes here (they freeze after the spider is built).
        crawler.settings.setdict(source.crawl_settings(), priority="spider")

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            request = self._request(url, "start", self.parse_any)
            if request:
                yield request

    def _request(
        self,
        url: str,
        role: str,
        callback: Any,
        hints: dict[str, Any] | None = None,
        depth: int = 0,
        priority: int = 0,
    ) -> Request | None:
        """A request for `url`; None, counted as refused, for a URL Scrapy cannot request."""
        meta: dict[str, Any] = {ROLE: role, HINTS: hints or {}, DEPTH: depth}
        if role in ("start", "listing"):
            meta["handle_httpstatus_list"] = [304]
        if hints and hints.get("listing_date"):
            meta[LISTING_DATE] = hints["listing_date"]
        try:
            return Request(url, callback=callback, errback=self.on_error, priority=priority, meta=meta)
        except ValueError as error:  # javascript:, mailto:, a port out of range: that URL only
            reason = refusal(url) or "malformed"
            self.refusals.count(url, reason, str(error) if reason == "malformed" else "")
            return None

    async def parse_any(self, response: Response) -> AsyncIterator[Any]:
        """Start URLs and discovered listings: the response's bytes say what it is."""
        if response.status == 304:
            self.crawler.stats.inc_value("newscrawl/listings/not_modified")
            return
        kind = detect_kind(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
        if kind in ("feed", "sitemap", "sitemapindex"):
            for request in self._listing(response, kind):
                yield request
        elif kind == "html" and isinstance(response, TextResponse):
            async for result in self.parse_article(response):
                yield result
        else:
            self._skip(response.url, "not_html", "neither HTML, a feed nor a sitemap")

    def _listing(self, response: Response, kind: str) -> list[Request]:
        try:
            entries = parse_feed(response.body) if kind == "feed" else parse_sitemap(response.body)
        except (ValueError, OSError) as error:
            self._error(response.url, "bad_listing", str(error))
            return []
        self.crawler.stats.inc_value(f"newscrawl/listings/{kind}")
        entries = self._absolute(entries, response.url)
        if kind == "sitemapindex":
            requests = [self._request(e.url, "listing", self.parse_any) for e in entries]
        else:
            requests = [
                self._request(
                    entry.url,
                    "article",
                    self.parse_article,
                    hints=self._hints(entry),
                    priority=-rank,
                )
                for rank, entry in enumerate(self._wanted(entries))
            ]
        return [r for r in requests if r]

    def _absolute(self, entries: list[Entry], listing_url: str) -> list[Entry]:
        """Entries with their URLs resolved; one that cannot be costs that entry only."""
        resolved = []
        for entry in entries:
            try:
                resolved.append(replace(entry, url=urljoin(listing_url, entry.url)))
            except ValueError as error:
                self.refusals.count(entry.url, "malformed", str(error))
        return resolved

    def _wanted(self, entries: list[Entry]) -> list[Entry]:
        """Entries within the source's patterns and age, newest first."""
        now = datetime.now(UTC)
        dated = [(parse_date(e.published or e.updated), e) for e in entries]
        wanted = []
        for date, entry in dated:
            if not self._allowed(entry.url):
                self.crawler.stats.inc_value("newscrawl/skipped/pattern")
            elif self.max_age and date and now - date > self.max_age:
                self.crawler.stats.inc_value("newscrawl/skipped/too_old")
            else:
                wanted.append((date, entry))
        # A stable sort: undated entries keep the listing's own order, after the dated ones.
        wanted.sort(key=lambda pair: pair[0] or OLDEST, reverse=True)
        return [entry for _, entry in wanted]

    def _hints(self, entry: Entry) -> dict[str, Any]:
        hints: dict[str, Any] = entry.hints()
        if entry.updated or entry.published:
            hints["listing_date"] = entry.updated or entry.published
        if self.site_rules:
            hints["site_rules"] = self.site_rules
        return hints

    def _allowed(self, url: str) -> bool:
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        if not isinstance(response, TextResponse):
            self._skip(response.url, "not_html", "not a text response")
            return
        if response.meta.get(ROLE) == "article":
            self.crawler.stats.inc_value("newscrawl/article_pages")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        hints = dict(response.meta.get(HINTS) or {})
        if self.site_rules:
            hints["site_rules"] = self.site_rules
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
        """A home page: its feeds and the sitemaps of its robots.txt, else its links.

        Below a start page (role "link"), listings only lead to more links, up to the depth.
        """
        role = response.meta.get(ROLE)
        depth = int(response.meta.get(DEPTH, 0))
        if role == "start":
            feeds = feed_links(response.text, response.url)
            parts = urlsplit(response.url)
            robots = Request(
                f"{parts.scheme}://{parts.netloc}/robots.txt",
                callback=self.parse_robots,
                errback=self.on_error,
                dont_filter=True,
                meta={
                    ROLE: "robots",
                    "home": response.url,
                    "home_text": response.text,
                    "has_feeds": bool(feeds),
                },
            )
            listings = [self._request(url, "listing", self.parse_any) for url in feeds]
            return [robots] + [r for r in listings if r]
        if role == "link" and depth < self.max_depth:
            return self._follow_links(response.text, response.url, depth)
        return []

    def parse_robots(self, response: Response) -> list[Request]:
        sitemaps = robots_sitemaps(response.text) if isinstance(response, TextResponse) else []
        if sitemaps:
            listings = [self._request(url, "listing", self.parse_any) for url in sitemaps]
            return [r for r in listings if r]
        return self._links_unless_feeds(response.meta)

    def _links_unless_feeds(self, meta: dict[str, Any]) -> list[Request]:
        if meta["has_feeds"]:
            return []
        return self._follow_links(meta["home_text"], meta["home"], 0)

    def _follow_links(self, page: str, base: str, depth: int) -> list[Request]:
        articles, others = page_links(page, base, offsite=self.offsite)
        requests = [
            self._request(u, "article", self.parse_article, depth=depth + 1)
            for u in articles
            if self._allowed(u)
        ]
        if depth + 1 < self.max_depth:
            requests += [
                self._request(u, "link", self.parse_article, depth=depth + 1, priority=-1000) for u in others
            ]
        return [r for r in requests if r]

    def on_error(self, failure: Failure) -> list[Request]:
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, AlreadyStored | StoppedRequest | RefusedUrl):
            return []  # counted where it was dropped
        if stop_level(self.crawler) >= 2:
            return []  # a download abandoned by a second stop signal (counted there): no failure
        if request.meta.get(ROLE) == "robots":
            # No robots.txt is fine: the home page's feeds, or else its links, will do.
            return self._links_unless_feeds(request.meta)
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            self._error(request.url, f"http_{status}", f"HTTP {status}")
        else:
            self._error(request.url, "download", failure.getErrorMessage() or repr(failure.value))
        return []

    def _give_up(self, reason: str) -> None:
        """End the crawl: no page can be extracted, so fetching more would only cost the site."""
        if self.crawler.stats.get_value("newscrawl/errors/workers") is None:
            logger.error("Extraction workers cannot start (%s): ending the crawl", reason)
            self._closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason="extraction_workers_failed")
            )
        self.crawler.stats.inc_value("newscrawl/errors/workers")

    def _skip(self, url: str, reason: str, detail: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/skipped/{reason}")
        logger.info("Skipped %s (%s): %s", url, reason, detail)

    def _error(self, url: str, reason: str, detail: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/errors/{reason}")
        logger.warning("Failed %s (%s): %s", url, reason, detail)
