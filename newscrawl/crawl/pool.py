"""The worker process pool: extraction (CPU-bound, not thread-safe) and feed parsing, timed, run here."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.article import Article
from newscrawl.crawl.feeds import Entry
from newscrawl.crawl.listing import LISTING_ERRORS, read
from newscrawl.crawl.stopping import STOP_REQUESTED
from newscrawl.crawl.worker import STOP_SIGNALS, extract, worker_init
from newscrawl.extraction import UnreadablePage
from newscrawl.extraction.hints import Hints

logger = logging.getLogger(__name__)
T = TypeVar("T")


class ExtractionTimeout(UnreadablePage):
    """A page took longer than NEWSCRAWL_EXTRACT_TIMEOUT to extract."""

    reason = "timeout"


class ExtractionAbandoned(Exception):
    """The crawl was told twice to stop: pages still being extracted are given up."""


class WorkersUnavailable(Exception):
    """Extraction workers die before they extract anything: no page of this crawl can be."""


# What reading a listing may raise: unreadable, or its feed parsing crashed or timed out in a worker.
BAD_LISTING: tuple[type[BaseException], ...] = (*LISTING_ERRORS, UnreadablePage)

# Fresh pools that may break before any worker has returned a page, before we give up.
DEAD_POOLS = 3


@contextmanager
def _spawning() -> Iterator[None]:
    """Block SIGINT and SIGTERM while workers may be spawned: they inherit the mask, so a
    signal to the group cannot kill one before worker_init ignores it. The crawl process
    only defers its own signals: they are delivered when the mask is restored."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        with _main_unseen():
            yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _main_unseen() -> Iterator[None]:
    """Spawn without running the crawl's main script again in each worker.

    multiprocessing's spawn re-runs the parent's __main__ script in the child (so that what it
    defines can be unpickled there); newscrawl's is the `newscrawl` console script, which
    imports the whole CLI: Scrapy, Twisted, SQLAlchemy, the store, 40 MB a worker that
    nothing a worker runs needs (what it runs is in newscrawl.crawl.worker and
    newscrawl.crawl.listing). The child finds no script to run where __main__ has no __file__.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield  # `python -m ...`: spawn imports the module by name, and skips a __main__ one
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _submit(
    loop: asyncio.AbstractEventLoop,
    executor: ProcessPoolExecutor,
    work: Callable[..., T],
    args: tuple[Any, ...],
) -> asyncio.Future[T]:
    try:
        with _spawning():  # a submit may spawn a worker
            return loop.run_in_executor(executor, work, *args)
    except OSError as error:
        # A worker's death is noticed by the executor's own thread; until it marks the pool
        # broken, a submit that spawns a replacement finds the pool's pipes already closed.
        raise BrokenProcessPool(f"the pool broke during a submit: {error}") from error


class ExtractionPool:
    """Runs extract_article in worker processes; a crashed or stuck worker is replaced."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self._executor: ProcessPoolExecutor | None = None
        self._abandoned = False
        self._worked = False
        self._dead_pools = 0
        self._retired: list[threading.Thread] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        """A pool configured from the crawl's settings, closed with the spider: see crawler_pool."""
        workers = crawler.settings.getint("NEWSCRAWL_EXTRACT_WORKERS") or os.cpu_count() or 1
        pool = cls(workers, crawler.settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT"))
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        crawler.signals.connect(pool.stop_requested, signal=STOP_REQUESTED)
        return pool

    def stop_requested(self, level: int) -> None:
        if level >= 2:
            self._abandoned = True
            self._replace()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn, not fork: forking a process that runs a reactor and threads is unsafe.
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker_init,
                initargs=(os.getpid(),),
            )
        return self._executor

    def _replace(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        # A stuck worker never returns; only killing it frees its slot (workers ignore SIGTERM).
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        # Its manager thread closes the pool's pipes in its own time; close() waits for it.
        # Python 3.11's exit hook writes to the pipes of every pool's thread left running, and
        # one closed in between printed an OSError traceback as the crawl ended.
        manager = getattr(executor, "_executor_manager_thread", None)
        executor.shutdown(wait=False, cancel_futures=True)
        if manager is not None:
            self._retired.append(manager)

    async def extract(
        self, page: str | bytes, url: str, hints: Hints, content_type: str | None = None, keep: bool = False
    ) -> Article:
        """The Article of a page, or the ExtractionError that says why there is none; with
        `keep`, the Article carries the page, compressed."""
        return await self.run(url, extract, page, url, hints, content_type, keep)

    async def listing(self, kind: str, body: bytes, url: str) -> tuple[list[Entry], str | None]:
        """A listing's entries and why it ended early; BAD_LISTING when it cannot be read."""
        if kind == "feed":  # feedparser takes seconds a megabyte of broken markup: timed, off the reactor
            return await self.run(url, read, kind, body, url)
        return read(kind, body, url)  # lxml's iterparse, capped at 50 MB: fast enough to stay here

    async def run(self, url: str, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` in a worker, for the document at `url`: its result or its exception.

        ExtractionTimeout past the timeout; UnreadablePage when workers crash on it twice.
        """
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            if self._abandoned:
                raise ExtractionAbandoned(url)
            executor = self._pool()
            try:
                future = _submit(loop, executor, work, args)
                result = await asyncio.wait_for(future, self.timeout)
                self._worked = True
                return result
            except TimeoutError:
                logger.warning("Parsing %s took over %.0fs; restarting workers", url, self.timeout)
                if self._executor is executor:
                    self._replace()
                raise ExtractionTimeout(f"parsing took over {self.timeout:.0f}s") from None
            except (BrokenProcessPool, asyncio.CancelledError) as error:
                task = asyncio.current_task()
                if isinstance(error, asyncio.CancelledError) and task is not None and task.cancelling():
                    raise  # this page's own task is being cancelled, not the pool's work
                if self._abandoned:
                    raise ExtractionAbandoned(url) from None
                # Another page's crash or timeout took the pool down, and with it the pages
                # waiting in it (cancelled by the shutdown): once more on a fresh pool.
                if self._executor is executor:
                    self._replace()
                    self._dead_pools += not self._worked
                if self._dead_pools >= DEAD_POOLS:
                    raise WorkersUnavailable(
                        f"{DEAD_POOLS} pools of extraction workers died before extracting a page"
                    ) from None
                if attempt == 2:
                    raise UnreadablePage("extraction worker crashed on this page") from None
            except Exception:
                self._worked = True  # a worker read the page and failed on it: the pool works
                raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        for manager in self._retired:  # their workers were killed: they end at once
            manager.join(timeout=30)
        self._retired.clear()


def crawler_pool(crawler: Crawler) -> ExtractionPool:
    """The crawler's one pool, built from its settings by the first component that asks."""
    pool: ExtractionPool | None = getattr(crawler, "_newscrawl_pool", None)
    if pool is None:
        pool = ExtractionPool.from_crawler(crawler)
        crawler._newscrawl_pool = pool  # type: ignore[attr-defined]
    return pool
