"""When a popped request is done: its page stored, or its request ended with nothing to store.

A request holds its queue entry while its callback runs, and each article it yielded holds it
until the store pipeline has committed that article's batch (ARTICLES_STORED) or a pipeline
dropped it. The last release acknowledges the entry, which then leaves the worker's processing
hash for good. What is never released (a page whose download a stop abandoned, an article
spilled to a file) is given back to the queue when the worker closes, or by the reaper.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import redis
from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.crawl.store import ARTICLES_STORED
from newscrawl.distributed.queue import SharedQueue

logger = logging.getLogger(__name__)

TOKEN = "newscrawl_entry"  # str, in the meta of a request popped from the shared queue
PARENT = "newscrawl_parent"  # str, in the meta of a request a popped one's callback yielded
ENDED = "newscrawl_ended"  # bool: the request's own hold was released


class Acks:
    """The entries this worker popped and what still holds each of them."""

    def __init__(self, crawler: Crawler, queue: SharedQueue, worker: str) -> None:
        self.crawler = crawler
        self.queue = queue
        self.worker = worker
        self.entries: dict[str, bytes] = {}
        self.holds: dict[str, int] = {}
        self.items: dict[str, list[str]] = {}  # an article's URL: the entries it holds
        self._serial = 0
        crawler.signals.connect(self.stored, signal=ARTICLES_STORED)
        crawler.signals.connect(self.item_ended, signal=signals.item_dropped)
        crawler.signals.connect(self.item_ended, signal=signals.item_error)

    def popped(self, data: bytes) -> str:
        self._serial += 1
        token = str(self._serial)
        self.entries[token], self.holds[token] = data, 1
        return token

    def release(self, token: str | None) -> None:
        if token is None or token not in self.holds:
            return
        self.holds[token] -= 1
        if self.holds[token] > 0:
            return
        del self.holds[token]
        data = self.entries.pop(token)
        try:
            self.queue.ack(self.worker, data)
        except redis.RedisError as error:  # left in the processing hash: fetched again, no loss
            logger.warning("Could not acknowledge a request in Redis: %s", error)

    def ended(self, meta: dict[str, Any]) -> None:
        """The request of this meta is done: once, though an HTTP error reaches both the
        errback and, with the errback's output, the spider middlewares."""
        if not meta.get(ENDED):
            meta[ENDED] = True
            self.release(meta.get(TOKEN))

    def child(self, token: str | None, request: Request) -> None:
        """A request the callback yielded holds the entry until the scheduler has queued it:
        Scrapy drains a callback's output into a queue before it schedules the requests."""
        if token is not None and token in self.holds and PARENT not in request.meta:
            self.holds[token] += 1
            request.meta[PARENT] = token

    def item(self, token: str | None, item: Any) -> None:
        url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
        if token is None or token not in self.holds or not url:
            return
        self.holds[token] += 1
        self.items.setdefault(str(url), []).append(token)

    def _item_done(self, url: object) -> None:
        for token in self.items.pop(str(url), []):
            self.release(token)

    def stored(self, articles: list[Any]) -> None:
        for article in articles:
            self._item_done(article.url)

    def item_ended(self, item: Any) -> None:
        if ItemAdapter.is_item(item):
            self._item_done(ItemAdapter(item).get("url"))


class AckMiddleware:
    """Spider middleware: a popped request's callback holds its entry until its output ends.

    Placed nearest the engine, so that the requests it sees are the ones that get scheduled."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AckMiddleware:
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        acks: Acks | None = getattr(self.crawler.spider, "acks", None)
        token = response.meta.get(TOKEN)
        if acks is None:  # enabled for a spider that is no worker's: nothing to acknowledge
            async for output in result:
                yield output
            return
        try:
            async for output in result:
                if isinstance(output, Request):
                    acks.child(token, output)
                else:
                    acks.item(token, output)
                yield output
        finally:
            acks.ended(response.meta)
