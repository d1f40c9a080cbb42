"""Downloader middleware: a 429 or 503 is retried no sooner than its Retry-After says, or not at all.

Scrapy's RetryMiddleware retries both at once, whatever the server asked for; a server that
says "come back in two minutes" then gets two more requests within a second. A polite crawler
waits as asked, but one crawl cannot wait for hours: past NEWSCRAWL_RETRY_AFTER_MAX seconds
the URL is not retried in this crawl (it fails now, counted as its HTTP status, and the next
crawl asks again). An answer without Retry-After is left to RetryMiddleware, as any 5xx is.

The wait happens in the downloader, so each waiting request holds one of CONCURRENT_REQUESTS
(not of its host's slot): other pages go on meanwhile, but a host that answers everything with
429 slows the whole crawl, which for a crawl of one source (as `run` crawls) is what it asked.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

logger = logging.getLogger(__name__)

STATUSES = frozenset({429, 503})


def retry_after(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (a number, or an HTTP date); None if unreadable."""
    text = (value or b"").decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfter:
    """Sits above RetryMiddleware (550), so that it sees a 429 or 503 first."""

    def __init__(self, crawler: Crawler, cap: float) -> None:
        self.crawler = crawler
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfter:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is off: nothing is retried")
        return cls(crawler, crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX"))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        wait = retry_after(response.headers.get("Retry-After"))
        if wait is None:
            return response
        assert self.crawler.stats is not None
        if wait > self.cap:
            self.crawler.stats.inc_value("newscrawl/retry_after/beyond_cap")
            logger.info(
                "Not retrying %s in this crawl: HTTP %d asks for %.0f s (NEWSCRAWL_RETRY_AFTER_MAX is %.0f)",
                request.url,
                response.status,
                wait,
                self.cap,
            )
            request.meta["dont_retry"] = True  # RetryMiddleware leaves it to fail as an HTTP error
            return response
        assert self.crawler.spider is not None
        retry = get_retry_request(
            request, spider=self.crawler.spider, reason=f"{response.status} Retry-After {wait:.0f} s"
        )
        if retry is None:
            request.meta["dont_retry"] = True  # out of tries: no immediate one from RetryMiddleware
            return response
        self.crawler.stats.inc_value("newscrawl/retry_after/waited")
        await asyncio.sleep(wait)
        return retry
