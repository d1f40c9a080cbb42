"""Downloader middleware: `--max-pages N` lets at most N pages go out, then ends the crawl.

Scrapy's CLOSESPIDER_PAGECOUNT counts responses, so every request already in flight when the
count is reached still downloads (36 pages for a limit of 5). Counting requests as they leave
for the downloader makes N a bound. Start URLs, feeds, sitemaps and robots.txt are not pages:
they only lead to them.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.meta import PAGE_ROLES, ROLE
from newscrawl.crawl.stopping import StoppedRequest

logger = logging.getLogger(__name__)

REASON = "newscrawl_max_pages"


class PageLimitReached(StoppedRequest):
    """A page not downloaded because --max-pages pages already were: the crawl is stopping, and
    the page is counted here (`newscrawl/skipped_max_pages`), not as a failed download."""


class PageLimit:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.sent = 0
        self._closing: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageLimit:
        limit = crawler.settings.getint("NEWSCRAWL_MAX_PAGES")
        if limit <= 0:
            raise NotConfigured  # no reason given: Scrapy would warn of it on every crawl
        return cls(crawler, limit)

    def process_request(self, request: Request) -> None:
        if request.meta.get(ROLE) not in PAGE_ROLES:
            return
        assert self.crawler.stats is not None
        if self.sent >= self.limit:
            self.crawler.stats.inc_value("newscrawl/skipped_max_pages")
            raise PageLimitReached(f"--max-pages {self.limit} reached: {request.url}")
        self.sent += 1
        if self.sent == self.limit and self.crawler.engine is not None:
            logger.warning("Reached --max-pages %d: finishing the pages in flight", self.limit)
            # Closing waits for the requests in flight, this one included, then flushes.
            self._closing = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=REASON))
