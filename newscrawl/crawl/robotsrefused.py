"""Downloader middleware: a URL that robots.txt forbids is refused and counted, not failed.

Scrapy's robots.txt middleware drops such a request with a plain IgnoreRequest, which reaches
the spider as a failed download (`newscrawl/errors/download`, a WARNING): obeying robots.txt
would read as the site being broken. It is turned here into a refusal, which the spider
leaves alone, counted as `newscrawl/refused/robots` and logged once with its URL.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.crawl.schemes import Refusals, RefusedUrl

# What RobotsTxtMiddleware says: it raises no exception class of its own to tell it by.
FORBIDDEN = "Forbidden by robots.txt"


class ForbiddenByRobots(RefusedUrl):
    """A request not sent because the host's robots.txt disallows its URL."""


class RobotsRefusals:
    def __init__(self, crawler: Crawler) -> None:
        self.refusals = Refusals(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsRefusals:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off: robots.txt refuses nothing")
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if type(exception) is IgnoreRequest and str(exception) == FORBIDDEN:
            self.refusals.count(request.url, "robots")
            raise ForbiddenByRobots(f"{FORBIDDEN}: {request.url}") from exception
