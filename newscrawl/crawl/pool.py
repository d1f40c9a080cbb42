"""The extraction process pool: trafilatura is CPU-bound and not thread-safe, so it runs here."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.article import Article
from newscrawl.extraction import UnreadablePage, extract_article

logger = logging.getLogger(__name__)


class ExtractionTimeout(UnreadablePage):
    """A page took longer than NEWSCRAWL_EXTRACT_TIMEOUT to extract."""

    reason = "timeout"


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; the crawl decides when workers stop,
    # so a pending batch is never lost to a worker dying mid-page.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Warm up: the first page should not pay for imports and the language model.
    from newscrawl.extraction.language import _identifier

    _identifier()


def _extract(page: str | bytes, url: str, hints: Mapping[str, Any], content_type: str | None) -> Article:
    return extract_article(page, url, hints, content_type=content_type)


class ExtractionPool:
    """Runs extract_article in worker processes; a crashed or stuck worker is replaced."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self._executor: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        workers = crawler.settings.getint("NEWSCRAWL_EXTRACT_WORKERS") or os.cpu_count() or 1
        pool = cls(workers, crawler.settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT"))
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn, not fork: forking a process that runs a reactor and threads is unsafe.
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
            )
        return self._executor

    def _replace(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        # A stuck worker never returns; only terminating it frees its slot.
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)

    async def extract(
        self, page: str | bytes, url: str, hints: Mapping[str, Any], content_type: str | None = None
    ) -> Article:
        """The Article of a page, or the ExtractionError that says why there is none."""
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            executor = self._pool()
            future = loop.run_in_executor(executor, _extract, page, url, dict(hints), content_type)
            try:
                return await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                logger.warning("Extraction of %s took over %.0fs; restarting workers", url, self.timeout)
                if self._executor is executor:
                    self._replace()
                raise ExtractionTimeout(f"extraction took over {self.timeout:.0f}s") from None
            except BrokenProcessPool:
                # Another page's crash or timeout took the pool down; try once on a fresh one.
                if self._executor is executor:
                    self._replace()
                if attempt == 2:
                    raise UnreadablePage("extraction worker crashed on this page") from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
