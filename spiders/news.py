"""The news spider: from article pages, feeds, sitemaps or home pages to extracted Articles."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.crawl.feeds import LISTING_KINDS, detect_kind
from newscrawl.crawl.following import Discovery, listing_answered, page_leads, take_entries
from newscrawl.crawl.meta import HINTS, PROBE, ROLE, Role
from newscrawl.crawl.pool import (
    BAD_LISTING,
    ExtractionPool,
    crawler_pool,
)
from newscrawl.crawl.requesting import RequestMaker
from newscrawl.crawl.schemes import Refusals, RefusedUrl
from newscrawl.crawl.seen import AlreadyStored
from newscrawl.crawl.sourced import apply_source
from newscrawl.crawl.stopping import StoppedRequest, stop_level
from newscrawl.crawl.tally import Tally
from newscrawl.extraction import ExtractionError, NotAnArticle, UnreadablePage
from newscrawl.extraction.hints import NO_HINTS

logger = logging.getLogger(__name__)


class NewsSpider(Spider):
    """`scrapy crawl news -a url=URL[,URL...]` or `-a source=NAME` (from the sources file)."""

    name = "news"
    pool: ExtractionPool
    found: Discovery
    tally: Tally
    site_rules: str | None = None
    keep_pages: bool = True

    def __init__(self, url: str | None = None, urls: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        given = list(urls or []) + [u for u in (url or "").split(",") if u.strip()]
        self.start_urls = [u.strip() for u in given]
        self.source: str | None = kwargs.get("source")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.site_rules, patterns = apply_source(spider, crawler, spider.source)
        spider.pool = crawler_pool(crawler)
        spider.keep_pages = crawler.settings.getbool("NEWSCRAWL_KEEP_HTML", True)
        spider.tally = Tally(crawler)
        routes = {Role.START: spider.parse_any, Role.LISTING: spider.parse_any}
        routes |= {Role.ARTICLE: spider.parse_article, Role.LINK: spider.parse_article}
        make = RequestMaker(routes, spider.on_error, Refusals(crawler))
        domains = getattr(spider, "allowed_domains", None) or ()
        spider.found = Discovery.from_crawler(crawler, make, spider.tally.count, patterns, domains)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            if request := self.found.make(url, Role.START):
                yield request

    async def parse_any(self, response: Response) -> AsyncIterator[Any]:
        """Start URLs and discovered listings: the response's bytes say what it is."""
        self.found.backlog.answered(response.meta)
        if response.status == 304:
            self.tally.count("listings/not_modified")
            kind = "unchanged"  # a listing read before and unchanged since: found, as it was then
        else:
            kind = detect_kind(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
        entries = await self._listing(response, kind) if kind in LISTING_KINDS else 0
        for request in listing_answered(self.found, response.meta, entries > 0 or kind == "unchanged"):
            yield request
        if kind in (*LISTING_KINDS, "unchanged"):
            return
        if response.meta.get(PROBE):
            self.tally.count("discovery/probe_miss")  # a page, but not the listing it might have been
        elif kind == "html" and isinstance(response, TextResponse):
            async for result in self.parse_article(response):
                yield result
        else:
            self.tally.skip(response.url, "not_html", "neither HTML, a feed nor a sitemap")

    async def _listing(self, response: Response, kind: str) -> int:
        """Reads a listing into the backlog; how many entries it had."""
        try:
            read = await self.tally.pooled(response.url, self.pool.listing(kind, response.body, response.url))
        except BAD_LISTING as error:
            self.tally.error(response.url, "bad_listing", str(error))
            return 0
        return take_entries(self.found, kind, response.url, *read) if read else 0

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        self.found.backlog.answered(response.meta)
        if not isinstance(response, TextResponse):
            self.tally.skip(response.url, "not_html", "not a text response")
            return
        if response.meta.get(ROLE) == Role.ARTICLE:
            self.tally.count("article_pages")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        hints = response.meta.get(HINTS) or NO_HINTS
        hints = replace(hints, site_rules=self.site_rules) if self.site_rules else hints
        try:  # raw bytes: decoding, like everything CPU-heavy, happens in the worker
            article = await self.tally.pooled(
                response.url,
                self.pool.extract(response.body, response.url, hints, content_type, self.keep_pages),
            )
        except ExtractionError as error:  # an unreadable page failed; any other was refused
            report = self.tally.error if isinstance(error, UnreadablePage) else self.tally.skip
            report(response.url, error.reason, str(error))
            for request in page_leads(self.found, response) if isinstance(error, NotAnArticle) else []:
                yield request
            return
        except Exception as error:  # one broken page must not stop the crawl
            logger.exception("Extraction failed on %s", response.url)
            self.tally.error(response.url, "extraction", repr(error))
            return
        if article is not None:
            yield article

    def on_error(self, failure: Failure) -> list[Request]:
        request = failure.request  # type: ignore[attr-defined]
        self.found.backlog.answered(request.meta)
        if isinstance(failure.value, StoppedRequest) or stop_level(self.crawler) >= 2:
            return []  # a download abandoned by a stop signal (counted there): no failure
        if isinstance(failure.value, HttpError) and request.meta.get(PROBE):
            self.tally.count("discovery/probe_miss")  # most sites keep nothing at most usual places
        elif isinstance(failure.value, HttpError):
            status = failure.value.response.status
            self.tally.error(request.url, f"http_{status}", f"HTTP {status}")
        elif not isinstance(failure.value, AlreadyStored | RefusedUrl):  # counted where dropped
            self.tally.error(request.url, "download", failure.getErrorMessage() or repr(failure.value))
        return listing_answered(self.found, request.meta, False)
