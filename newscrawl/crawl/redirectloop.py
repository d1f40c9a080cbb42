"""Downloader middleware: a redirect back to a URL of its own chain is a loop, failed and counted.

Scrapy follows a redirect by scheduling its target, which the duplicate filter then drops if
it was requested before: a loop (/a -> /b -> /a) ends without a word, neither an error nor a
stat, and the page is simply missing. Seen above RedirectMiddleware (600), a Location that
names a URL of the chain so far fails the request, logged with the whole chain.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from w3lib.url import safe_url_string

from newscrawl.crawl.schemes import REDIRECTS


class RedirectLoop(IgnoreRequest):
    """A redirect to a URL the chain has already passed through."""


class RedirectLoops:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoops:
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured("REDIRECT_ENABLED is off: no redirect is followed")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        try:
            target = urljoin(request.url, safe_url_string(location))
        except ValueError:
            return response  # HttpOnlyRedirects refuses it as malformed
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/download_failures/redirect_loop")
            raise RedirectLoop("redirect loop: " + " -> ".join([*chain, target]))
        return response
