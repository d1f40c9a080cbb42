"""Downloader middleware: article URLs already stored are not downloaded again unless due."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.revisit import RevisitPolicy
from newscrawl.extraction.dates import parse_date
from newscrawl.store import FetchState, Sessions, StoreError, fetch_states, sessions
from newscrawl.urlkey import InvalidUrl, url_key

logger = logging.getLogger(__name__)

ROLE = "newscrawl_role"
LISTING_DATE = "newscrawl_listing_date"


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
        self._waiting: dict[str, list[asyncio.Future[FetchState | None]]] = {}
        self._lookup: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlsMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SKIP_STORED", True):
            raise NotConfigured("NEWSCRAWL_SKIP_STORED is off")
        database = sessions(crawler_engine(crawler))
        return cls(crawler, database, RevisitPolicy.from_settings(crawler.settings))

    async def process_request(self, request: Request) -> None:
        if request.meta.get(ROLE) != "article":
            return
        try:
            key = url_key(request.url)
        except InvalidUrl:
            # Nothing with this URL can be stored (items.as_article refuses it); extraction
            # counts and logs the page as any other bad one.
            return
        try:
            state = await self._state(key)
        except StoreError as error:
            # Better fetched twice than lost: its article takes the write path, which retries
            # and spills, and the database's unique keys keep a second copy out.
            assert self.stats is not None
            self.stats.inc_value("newscrawl/seen_check_failed")
            logger.warning("Fetching %s unchecked: %s", request.url, error)
            return
        if state is None:
            return
        assert self.stats is not None
        reason = self.policy.due(state, parse_date(request.meta.get(LISTING_DATE)), datetime.now(UTC))
        if reason:
            self.stats.inc_value(f"newscrawl/revisits/{reason}")
            return
        self.stats.inc_value("newscrawl/skipped_stored")
        raise AlreadyStored(f"already stored: {request.url}")

    async def _state(self, key: str) -> FetchState | None:
        """The stored state of `key`, from the look-up running next."""
        answer: asyncio.Future[FetchState | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(answer)
        if self._lookup is None or self._lookup.done():
            self._lookup = asyncio.ensure_future(self._look_up())
        return await answer

    async def _look_up(self) -> None:
        while self._waiting:
            waiting, self._waiting = self._waiting, {}
            assert self.stats is not None
            self.stats.inc_value("newscrawl/seen_lookups")
            try:
                states = await asyncio.to_thread(self._fetch, list(waiting))
            except StoreError as error:
                for answers in waiting.values():
                    for answer in answers:
                        if not answer.done():
                            answer.set_exception(error)
                continue
            for key, answers in waiting.items():
                for answer in answers:
                    # Done already when its request was cancelled meanwhile.
                    if not answer.done():
                        answer.set_result(states.get(key))

    def _fetch(self, keys: list[str]) -> dict[str, FetchState]:
        with self.database.reading("looking up stored URLs failed") as session:
            return fetch_states(session, keys)
