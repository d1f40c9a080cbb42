"""Downloader middleware: a host's robots.txt Crawl-delay spaces its downloads, up to a cap.

Scrapy's robots.txt middleware obeys Allow and Disallow but ignores Crawl-delay, and
AutoThrottle lowers a host's delay again as soon as it answers fast. So the delay a host's
robots.txt asks for (read with Protego, which Scrapy parses robots.txt with) is set on its
download slot, unrandomised, and AutoThrottle is told to leave that host's requests alone, so
that no two requests come closer together than asked. A host that asks for more than
NEWSCRAWL_MAX_CRAWL_DELAY seconds gets that much: a crawl of a site asking for an hour between
pages would never end.
"""

from __future__ import annotations

import logging

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


class CrawlDelay:
    def __init__(self, crawler: Crawler, cap: float) -> None:
        self.crawler = crawler
        self.cap = cap
        self.delays: dict[str, float] = {}  # download slot -> seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelay:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off: robots.txt is not read")
        return cls(crawler, crawler.settings.getfloat("NEWSCRAWL_MAX_CRAWL_DELAY"))

    def process_request(self, request: Request) -> None:
        """Runs after the robots.txt middleware (100) has read the host's robots.txt."""
        if self._apply(request):
            request.meta["autothrottle_dont_adjust_delay"] = True

    def process_response(self, request: Request, response: Response) -> Response:
        if urlparse_cached(request).path == "/robots.txt" and response.status == 200:
            self._read(request, response)
        self._apply(request)
        return response

    def _read(self, request: Request, response: Response) -> None:
        try:
            rules = Protego.parse(response.body.decode("utf-8", "replace"))
            asked = rules.crawl_delay(self.crawler.settings.get("USER_AGENT") or "*")
        except (ValueError, TypeError):
            return  # unreadable: Scrapy's robots middleware reports that itself
        if not asked or asked <= 0:
            return
        delay = min(float(asked), self.cap)
        key = self._slot_key(request)
        if key is None or key in self.delays:
            return
        self.delays[key] = delay
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/robots/crawl_delay")
        capped = f" (asked {asked:g} s, NEWSCRAWL_MAX_CRAWL_DELAY)" if delay < asked else ""
        logger.info("Crawl-delay of %s: one request every %g s%s", key, delay, capped)

    def _apply(self, request: Request) -> bool:
        """Whether the request's host has a crawl-delay; its slot, once there, keeps to it."""
        key = self._slot_key(request)
        delay = self.delays.get(key) if key else None
        if key is None or delay is None or self.crawler.engine is None:
            return False
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.randomize_delay = False
            slot.delay = max(slot.delay, delay)
        return True

    def _slot_key(self, request: Request) -> str | None:
        if self.crawler.engine is None:
            return None
        return str(self.crawler.engine.downloader.get_slot_key(request))
