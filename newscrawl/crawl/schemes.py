"""Downloader middleware: only http and https URLs leave the crawler; any other is refused.

Sitemaps, feeds, robots.txt, pages and redirects are remote input, and Scrapy downloads
file:, data:, s3: and ftp: URLs as readily as http: ones: a sitemap listing
file:///etc/passwd would have the crawl read a local file. Every request is checked here
before any other middleware sees it, and every redirect target before Scrapy's redirect
middlewares would follow it; each refusal is counted by reason (`newscrawl/refused/...`).
"""

from __future__ import annotations

import logging
from typing import Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

logger = logging.getLogger(__name__)

ALLOWED = frozenset({"http", "https"})
# Schemes named in the stats; any other counts as "other", so that a hostile listing cannot
# add one stats key per made-up scheme to the run's row.
NAMED = frozenset({"file", "data", "ftp", "ftps", "sftp", "s3", "gs", "javascript", "mailto", "tel", "about"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
SHOWN = 200  # characters of a refused URL in the log: a data: URL can be megabytes long
# Refused URLs each component remembers, so as to log each once; past that, repeats are logged.
REMEMBERED = 10_000


class RefusedUrl(IgnoreRequest):
    """A request not sent because its URL is not an http(s) URL with a host (or, subclassed,
    because another rule of the crawl refuses it); counted where it was refused."""


def refusal(url: str) -> str | None:
    """Why `url` must not be downloaded ("scheme/file", "malformed", ...); None if it may be.

    The URL is read as Scrapy will send it: w3lib drops surrounding spaces and control
    characters and (from w3lib 2.5) reads `http:/\\host` as `http://host`, as browsers do.
    """
    try:
        parts = urlsplit(safe_url_string(url))
        port = parts.port  # reading it checks it: out of range or not a number raises
    except ValueError:
        return "malformed"
    if parts.scheme in ALLOWED:
        return None if parts.hostname and port != 0 else "malformed"
    if not parts.scheme:
        return "malformed"  # relative: nothing to download until it is resolved
    return f"scheme/{parts.scheme if parts.scheme in NAMED else 'other'}"


class Refusals:
    """Counts each refused URL by reason, and logs it with the URL the first time only."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler  # its stats are set only once the crawl starts
        self.logged: set[str] = set()

    def count(self, url: str, reason: str, detail: str = "") -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/refused/{reason}")
        shown = url if len(url) <= SHOWN else url[:SHOWN] + "..."
        if shown in self.logged:
            return
        if len(self.logged) < REMEMBERED:
            self.logged.add(shown)
        logger.info("Refused %s (%s)%s", shown, reason, f": {detail}" if detail else "")


class HttpOnlyMiddleware:
    """Every request, first of all downloader middlewares: robots.txt is not even asked for."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.refusals = Refusals(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HttpOnlyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        reason = refusal(request.url)
        if reason:
            self.refusals.count(request.url, reason)
            raise RefusedUrl(f"not an http(s) URL: {request.url}")


class _RedirectCheck:
    """A redirect's target, checked before Scrapy's middleware for it builds the request:
    Scrapy declines file: and data: targets itself, but fails on javascript: ones with a
    ValueError, which would count as a download error."""

    enabled_setting = ""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.refusals = Refusals(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool(cls.enabled_setting):
            raise NotConfigured(f"{cls.enabled_setting} is off: Scrapy follows no such redirect")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        target = None if request.meta.get("dont_redirect") else self.target(request, response)
        reason = refusal(target) if target is not None else None
        if target is not None and reason:
            self.refusals.count(target, reason, f"redirected from {request.url}")
            raise RefusedUrl(f"redirected to a URL that is not http(s): {target}")
        return response

    def target(self, request: Request, response: Response) -> str | None:
        raise NotImplementedError


class HttpOnlyRedirects(_RedirectCheck):
    """A 3xx Location; sits above RedirectMiddleware (600), which sees responses before it."""

    enabled_setting = "REDIRECT_ENABLED"

    def target(self, request: Request, response: Response) -> str | None:
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location or request.meta.get("handle_httpstatus_all"):
            return None
        wanted = [
            *request.meta.get("handle_httpstatus_list", ()),
            *getattr(self.crawler.spider, "handle_httpstatus_list", ()),
        ]
        if response.status in wanted:
            return None  # the spider asked for the response itself
        try:
            return urljoin(request.url, safe_url_string(location))
        except ValueError:
            return location.decode("latin-1")  # refused as malformed, not a download error


class HttpOnlyMetaRefresh(_RedirectCheck):
    """A prompt meta refresh; sits between HttpCompression (590), which unpacks the page, and
    MetaRefreshMiddleware (580), and reads the page as the latter does."""

    enabled_setting = "METAREFRESH_ENABLED"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_delay = crawler.settings.getfloat("METAREFRESH_MAXDELAY")
        self.ignore_tags = crawler.settings.getlist("METAREFRESH_IGNORE_TAGS")

    def target(self, request: Request, response: Response) -> str | None:
        if not isinstance(response, HtmlResponse) or request.method == "HEAD":
            return None
        delay, url = get_meta_refresh(response, ignore_tags=self.ignore_tags)
        return url if url and delay is not None and delay < self.max_delay else None
