"""The worker's Scrapy scheduler: requests go to and come from the shared queue in Redis.

scrapy-redis's Scheduler pops by deleting (a killed worker loses what it popped), filters and
pushes in two steps, may block the reactor (SCHEDULER_IDLE_BEFORE_CLOSE), and flushes the
shared queue when one worker closes without SCHEDULER_PERSIST. Its RedisSpider reads start
URLs in start_requests(), which Scrapy 2.16+ no longer calls, and lets them bypass the
duplicate filter. This one keeps its request serialization (a scrapy-redis queue's
encode/decode) and puts SharedQueue's reliable pop, atomic filter-and-push and
acknowledgements around it; start URLs are taken from a plain list here, filtered like any
request, and it never deletes the shared queue.
"""

from __future__ import annotations

import logging
import time
from collections import deque

from scrapy import Request, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy_redis.queue import Base as RedisQueueBase

from newscrawl.crawl.meta import HOME, Role
from newscrawl.distributed.acks import ENDED, PARENT, TOKEN, Acks
from newscrawl.distributed.queue import SharedQueue

logger = logging.getLogger(__name__)

# Start URLs are turned into requests at most this often, this many at a time.
START_EVERY = 1.0
STARTS_PER_TAKE = 50
# has_pending_requests asks Redis at most this often; the engine asks many times a second.
PENDING_CACHE = 0.25


class _Codec(RedisQueueBase):  # type: ignore[misc]
    """scrapy-redis's request (de)serialization, without its queue."""


class WorkerScheduler(BaseScheduler):
    """Shared queue first-class; a home page's listings stay local (see `enqueue_request`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.local: deque[Request] = deque()
        self.unpushed: deque[tuple[Request, str | None, str | None]] = deque()
        self._warned_at = 0.0
        self._starts_at = 0.0
        self._pending_at = 0.0
        self._pending = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerScheduler:
        return cls(crawler)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue: SharedQueue = spider.shared  # type: ignore[attr-defined]
        self.acks: Acks = spider.acks  # type: ignore[attr-defined]
        self.worker: str = spider.worker_id  # type: ignore[attr-defined]
        self.codec = _Codec(self.queue.client, spider, self.queue.queue)

    def close(self, reason: str) -> None:
        # After the pipelines' final flush: whatever is still unacknowledged (popped but not
        # started, abandoned by a stop, spilled) goes back for another worker.
        try:
            returned = self.queue.give_back(self.worker)
        except self.queue.errors as error:
            logger.warning(
                "Redis unreachable at close; the reaper will requeue this worker's requests: %s", error
            )
            return
        logger.info("Worker %s closed (%s); %d requests back in the queue", self.worker, reason, returned)

    def _fingerprint(self, request: Request) -> str:
        assert self.crawler.request_fingerprinter is not None
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

    def enqueue_request(self, request: Request) -> bool:
        # A request that carries a popped entry's token is its retry or redirect: queued, it
        # replaces that entry. One that carries a parent's was yielded by the parent's callback.
        replaces, parent = request.meta.pop(TOKEN, None), request.meta.pop(PARENT, None)
        request.meta.pop(ENDED, None)
        if HOME in request.meta:
            # A home page's listings answer to the discovery state of the worker that read the
            # home page (HomePages), so they are fetched here, not shared; they hold the home
            # page's entry, so that a worker killed mid-discovery leaves the home page to redo.
            if token := replaces or parent:
                request.meta[TOKEN] = token
            self.local.append(request)
            if replaces and parent:
                self.acks.release(parent)
            return True
        try:
            queued = self._push(request)
        except self.queue.errors as error:
            # Kept, with the entries it holds, until Redis answers again (see next_request).
            logger.warning("Redis unreachable, %s waits to be queued: %s", request.url, error)
            self.unpushed.append((request, replaces, parent))
            return True
        self.acks.release(replaces)
        self.acks.release(parent)
        return queued

    def _push(self, request: Request) -> bool:
        queued = self.queue.push(
            self.codec._encode_request(request),
            self._fingerprint(request),
            request.priority,
            filtered=not request.dont_filter,
        )
        if not queued:
            self.crawler.signals.send_catch_log(signals.request_dropped, request=request, spider=self.spider)
        self._stat("queued" if queued else "filtered")
        return queued

    def _push_waiting(self) -> None:
        while self.unpushed:
            request, replaces, parent = self.unpushed[0]
            self._push(request)
            self.unpushed.popleft()
            self.acks.release(replaces)
            self.acks.release(parent)

    def next_request(self) -> Request | None:
        if self.local:
            return self.local.popleft()
        try:
            self._push_waiting()
            if time.monotonic() - self._starts_at >= START_EVERY:
                self._starts_at = time.monotonic()
                self._take_starts()
            data = self.queue.pop(self.worker)
        except self.queue.errors as error:
            if time.monotonic() - self._warned_at >= START_EVERY * 10:
                self._warned_at = time.monotonic()
                logger.warning("Redis unreachable, waiting for it: %s", error)
            return None
        if data is None:
            return None
        try:
            request: Request = self.codec._decode_request(data)
        except Exception as error:  # one unreadable entry must not stop every worker
            logger.error("Dropped an unreadable queue entry: %r", error)
            self.queue.ack(self.worker, data)
            return None
        request.meta[TOKEN] = self.acks.popped(data)
        self._stat("popped")
        return request

    def _take_starts(self) -> None:
        """Start URLs become requests as `newscrawl crawl` makes them, into the shared queue."""
        for _ in range(STARTS_PER_TAKE):
            first = self.queue.first_start()
            if first is None:
                return
            raw, url, again = first
            request = self.spider.found.make(url, Role.START)  # type: ignore[attr-defined]
            if request is None:
                self.queue.drop_start(raw)
                continue
            data = self.codec._encode_request(request)
            self.queue.take_start(raw, data, self._fingerprint(request), request.priority, again=again)

    def has_pending_requests(self) -> bool:
        if self.local or self.unpushed:
            return True
        now = time.monotonic()
        if now - self._pending_at >= PENDING_CACHE:
            self._pending_at = now
            try:
                counts = self.queue.client.zcard(self.queue.queue) + self.queue.client.llen(self.queue.start)
            except self.queue.errors:
                return True  # not idle: the queue may well hold work once Redis answers
            self._pending = counts > 0
        return self._pending

    def _stat(self, name: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/worker/{name}", count)

    def __len__(self) -> int:
        return len(self.local) + len(self.unpushed)
