"""Downloader middleware: feeds and sitemaps are asked for with their last validators, so an
unchanged one answers 304 and costs no parsing."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.feeds import detect_kind
from newscrawl.crawl.meta import LISTING_ROLES, ROLE
from newscrawl.store import StoreError, listing_validators, save_listing_validators, sessions

logger = logging.getLogger(__name__)


class ConditionalListingMiddleware:
    """Validators are saved only when the crawl finishes: after an interrupted run, the next
    one must read the listings in full again, or it would never see what it missed."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.database = sessions(crawler_engine(crawler))
        self._seen: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalListingMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_CONDITIONAL_LISTINGS"):
            raise NotConfigured("NEWSCRAWL_CONDITIONAL_LISTINGS is off")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self, reason: str) -> None:
        # Nor when articles went to a spill file: until it is imported, only a full read of
        # the listings finds them again.
        if reason != "finished" or self.stats.get_value("newscrawl/spilled") or not self._seen:
            return
        try:
            # One transaction: the next crawl finds all of them, or none and reads in full.
            with self.database.writing("saving listing validators failed") as session:
                for url, (etag, modified) in self._seen.items():
                    save_listing_validators(session, url, etag, modified)
        except StoreError as error:
            logger.warning("Listing validators not saved (the next crawl reads them in full): %s", error)

    async def process_request(self, request: Request) -> None:
        if request.meta.get(ROLE) not in LISTING_ROLES:
            return
        try:
            etag, last_modified = await asyncio.to_thread(self._validators, request.url)
        except StoreError as error:
            logger.warning("Requesting %s in full: %s", request.url, error)
            return
        if etag:
            request.headers["If-None-Match"] = etag
        if last_modified:
            request.headers["If-Modified-Since"] = last_modified

    def _validators(self, url: str) -> tuple[str | None, str | None]:
        with self.database.reading(f"reading validators of {url} failed") as session:
            return listing_validators(session, url)

    async def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(ROLE) not in LISTING_ROLES or response.status != 200:
            return response
        etag = (response.headers.get("ETag") or b"").decode("latin-1") or None
        modified = (response.headers.get("Last-Modified") or b"").decode("latin-1") or None
        # Not for sitemap indexes: an unchanged index says nothing of the sitemaps it lists.
        if (etag or modified) and detect_kind(response.body) in ("feed", "sitemap"):
            self._seen[request.url] = (etag, modified)
        return response
