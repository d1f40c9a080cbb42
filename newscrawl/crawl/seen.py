"""Downloader middleware: article URLs already stored are not downloaded again."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.crawl.database import crawler_engine
from newscrawl.store import ArticleWriter
from newscrawl.urlkey import url_key

ROLE = "newscrawl_role"


class AlreadyStored(IgnoreRequest):
    """The request's article is in the database already."""


class SeenUrlsMiddleware:
    """Asks the database (off the reactor) whether an article URL is stored; remembers a
    bounded number of answers so the database is asked once per URL key."""

    def __init__(self, crawler: Crawler, writer: ArticleWriter, memory: int) -> None:
        self.stats = crawler.stats
        self.writer = writer
        self.memory = memory
        self._known: OrderedDict[str, bool] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlsMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SKIP_STORED", True):
            raise NotConfigured("NEWSCRAWL_SKIP_STORED is off")
        memory = crawler.settings.getint("NEWSCRAWL_SEEN_MEMORY", 100_000)
        return cls(crawler, ArticleWriter(crawler_engine(crawler)), memory)

    async def process_request(self, request: Request) -> None:
        if request.meta.get(ROLE) != "article":
            return
        key = url_key(request.url)
        known = self._known.get(key)
        if known is None:
            known = key in await asyncio.to_thread(self.writer.known_url_keys, [key])
            self._known[key] = known
            if len(self._known) > self.memory:
                self._known.popitem(last=False)
        if known:
            assert self.stats is not None
            self.stats.inc_value("newscrawl/skipped_stored")
            raise AlreadyStored(f"already stored: {request.url}")
