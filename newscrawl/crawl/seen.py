"""Downloader middleware: article URLs already stored are not downloaded again unless due."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.crawl.coalesce import Coalescer
from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.meta import LISTING_DATE, ROLE, Role
from newscrawl.crawl.revisit import RevisitPolicy
from newscrawl.extraction.dates import parse_date
from newscrawl.store import FetchState, Sessions, StoreError, fetch_states, sessions
from newscrawl.urlkey import InvalidUrl, url_key

logger = logging.getLogger(__name__)


class AlreadyStored(IgnoreRequest):
    """The request's article is in the database already and not due for a revisit."""


class SeenUrlsMiddleware:
    """Asks the database, off the reactor, about each article URL. The answer is not cached:
    the seen-set lives in the database, so a source of millions of URLs costs no memory here.

    The URLs of requests that arrive while a look-up runs are asked for together by the next
    one: a statement and a thread hop per batch of concurrent requests, not per request.
    """

    def __init__(self, crawler: Crawler, database: Sessions, policy: RevisitPolicy) -> None:
        self.stats = crawler.stats
        self.database = database
        self.policy = policy
        self._lookups: Coalescer[str, FetchState] = Coalescer(self._fetch)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlsMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SKIP_STORED", True):
            raise NotConfigured("NEWSCRAWL_SKIP_STORED is off")
        database = sessions(crawler_engine(crawler))
        return cls(crawler, database, RevisitPolicy.from_settings(crawler.settings))

    async def process_request(self, request: Request) -> None:
        if request.meta.get(ROLE) != Role.ARTICLE:
            return
        try:
            key = url_key(request.url)
        except InvalidUrl:
            # Nothing with this URL can be stored (items.as_article refuses it); extraction
            # counts and logs the page as any other bad one.
            return
        try:
            state = await self._lookups.get(key)
        except StoreError as error:
            # Better fetched twice than lost: its article takes the write path, which retries
            # and spills, and the database's unique keys keep a second copy out.
            assert self.stats is not None
            self.stats.inc_value("newscrawl/seen_check_failed")
            logger.warning("Fetching %s unchecked: %s", request.url, error)
            return
        finally:
            assert self.stats is not None
            self.stats.set_value("newscrawl/seen_lookups", self._lookups.calls)
        if state is None:
            return
        reason = self.policy.due(state, parse_date(request.meta.get(LISTING_DATE)), datetime.now(UTC))
        if reason:
            self.stats.inc_value(f"newscrawl/revisits/{reason}")
            return
        self.stats.inc_value("newscrawl/skipped_stored")
        raise AlreadyStored(f"already stored: {request.url}")

    def _fetch(self, keys: list[str]) -> dict[str, FetchState]:
        with self.database.reading("looking up stored URLs failed") as session:
            return fetch_states(session, keys)
