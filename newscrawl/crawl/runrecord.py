"""Extension: writes a crawl-run row when a crawl starts and its stats when it ends.

Opening a run also closes, as killed, the open runs of this host whose process is gone; a run
whose spider never closed (a stop before the engine started) is closed as the reactor stops.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawl.crawl.database import crawler_engine
from newscrawl.store import StoreError, close_dead_runs, finish_run, start_run

logger = logging.getLogger(__name__)


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        # Once per crawl, before any page: a short blocking write is fine here.
        engine = crawler_engine(self.crawler)
        for run_id in close_dead_runs(engine):
            logger.warning("Run %d was left open by a process that is gone: marked killed", run_id)
        start_urls = [str(u) for u in getattr(spider, "start_urls", [])]
        log_file = self.crawler.settings.get("LOG_FILE")
        self.run_id = start_run(
            engine,
            spider.name,
            start_urls,
            getattr(spider, "source", None),
            str(Path(log_file).resolve()) if log_file else None,
        )
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newscrawl/run_id", self.run_id)
        # A stop signal that comes before the engine has started ends the reactor without
        # closing the spider: no spider_closed, and the row would stay open as if the crawl
        # still ran, until another crawl on this host marked it killed. (The reactor is taken
        # from sys.modules because Twisted's interface types the trigger's first argument as
        # `self`, which mypy then rejects.)
        reactor = sys.modules["twisted.internet.reactor"]
        reactor.addSystemEventTrigger("before", "shutdown", self.reactor_stopping)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self._finish(reason)

    def reactor_stopping(self) -> None:
        """The run is closed as Scrapy closes a crawl stopped by a signal, if nothing closed it."""
        self._finish("shutdown")

    def _finish(self, reason: str) -> None:
        run_id, self.run_id = self.run_id, None
        if run_id is None:
            return
        assert self.crawler.stats is not None
        stats = {k: _plain(v) for k, v in self.crawler.stats.get_stats().items()}
        try:
            finish_run(crawler_engine(self.crawler), run_id, reason, stats)
        except StoreError as error:
            # The articles are stored or spilled already; only the run's row stays open.
            logger.error("Could not record the end of crawl run %d: %s", run_id, error)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
