"""The news spider as a worker: its start URLs and requests come from the shared queue."""

from __future__ import annotations

from typing import Any

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from twisted.python.failure import Failure

from newscrawl.crawl.stopping import stop_level
from newscrawl.distributed.acks import TOKEN, Acks
from newscrawl.distributed.queue import SharedQueue, new_worker_id
from newscrawl.distributed.worker import WorkerLoop
from spiders.news import NewsSpider


class WorkerSpider(NewsSpider):
    """NewsSpider whose requests are acknowledged in the shared queue when they end."""

    name = "news-worker"
    shared: SharedQueue
    acks: Acks
    worker_id: str
    loop: WorkerLoop

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WorkerSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, WorkerSpider)
        settings = crawler.settings
        client = redis.Redis.from_url(settings.get("NEWSCRAWL_REDIS_URL"), socket_timeout=30)
        spider.shared = SharedQueue(client, settings.get("NEWSCRAWL_REDIS_PREFIX"))
        spider.worker_id = new_worker_id()
        spider.acks = Acks(crawler, spider.shared, spider.worker_id)
        # Kept here: Scrapy's signals hold their receivers weakly.
        spider.loop = WorkerLoop.connect(crawler, spider.shared, spider.worker_id)
        return spider

    def on_error(self, failure: Failure) -> list[Request]:
        followers = super().on_error(failure)
        token = failure.request.meta.get(TOKEN)  # type: ignore[attr-defined]
        for follower in followers:  # an errback's requests pass no spider middleware
            self.acks.child(token, follower)
        # A download a stop dropped or abandoned is not done: its entry stays unacknowledged
        # and goes back to the queue when the worker closes.
        if not stop_level(self.crawler):
            self.acks.ended(failure.request.meta)  # type: ignore[attr-defined]
        return followers
