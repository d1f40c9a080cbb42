"""A worker's life in the shared queue: heartbeats, the reaper, and when to stop when idle."""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from newscrawl.crawl.stopping import stop_level
from newscrawl.distributed.queue import SharedQueue

logger = logging.getLogger(__name__)

# How often, in seconds, the worker looks for work when it has none (Scrapy's own engine
# looks every 5 seconds), and reaps dead workers.
POKE_EVERY = 0.5


class WorkerLoop:
    """Keeps the worker alive in Redis; requeues dead workers' entries; never lets the spider
    close for lack of work, unless `until_idle` seconds passed with the whole queue idle.

    scrapy-redis's MAX_IDLE_TIME_BEFORE_CLOSE counts from when start URLs last waited (or its
    module was imported), so a worker after a long crawl closes at its first idle tick, with
    other workers' requests still in flight; this counts from when the whole shared queue,
    every worker's in-flight requests included, was last seen busy."""

    def __init__(self, crawler: Crawler, queue: SharedQueue, worker: str) -> None:
        self.crawler = crawler
        self.queue = queue
        self.worker = worker
        self.ttl = crawler.settings.getfloat("NEWSCRAWL_WORKER_TTL", 15.0)
        self.until_idle = crawler.settings.getfloat("NEWSCRAWL_WORKER_UNTIL_IDLE", 0.0)
        self._idle_since: float | None = None
        self._beat_at = self._reap_at = 0.0
        self._loop: Any = None

    @classmethod
    def connect(cls, crawler: Crawler, queue: SharedQueue, worker: str) -> WorkerLoop:
        loop = cls(crawler, queue, worker)
        queue.heartbeat(worker, loop.ttl)  # before its first pop, so a reaper can see it
        crawler.signals.connect(loop.opened, signal=signals.spider_opened)
        crawler.signals.connect(loop.idle, signal=signals.spider_idle)
        crawler.signals.connect(loop.closed, signal=signals.spider_closed)
        return loop

    def opened(self) -> None:
        # Imported here: importing Twisted's task module early installs the default reactor,
        # before Scrapy installs the asyncio one.
        from twisted.internet import task

        self._loop = task.LoopingCall(self.tick)
        self._loop.start(POKE_EVERY, now=True)

    def tick(self) -> None:
        now = time.monotonic()
        try:
            if now - self._beat_at >= self.ttl / 3:
                self._beat_at = now
                self.queue.heartbeat(self.worker, self.ttl)
            if now - self._reap_at >= self.ttl / 2:
                self._reap_at = now
                if requeued := self.queue.reap():
                    logger.warning("Requeued %d requests of workers that stopped answering", requeued)
        except redis.RedisError as error:
            logger.warning("Redis unreachable: %s", error)
            return
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)  # private: the engine has no public "look now"
        if slot is not None and not stop_level(self.crawler):
            slot.nextcall.schedule()

    def idle(self) -> None:
        if stop_level(self.crawler):
            return
        if self.until_idle:
            try:
                idle = self.queue.counts().idle
            except redis.RedisError as error:
                logger.warning("Redis unreachable: %s", error)
                idle = False
            now = time.monotonic()
            if not idle:
                self._idle_since = None
            elif self._idle_since is None:
                self._idle_since = now
            elif now - self._idle_since >= self.until_idle:
                logger.info("The shared queue was idle for %.0fs: stopping", now - self._idle_since)
                return
        raise DontCloseSpider

    def closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
