"""Last pipeline: batched, transactional writes in a writer thread, never on the reactor."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from newscrawl.article import Article
from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.items import as_article
from newscrawl.crawl.stopping import stop_level
from newscrawl.keptpage import PAGE_KEY, page_record
from newscrawl.store import Outcome, SaveResult, Sessions, StoreError, save_articles, sessions

logger = logging.getLogger(__name__)

# Sent with `articles` once a batch of them is committed (workers acknowledge their requests).
ARTICLES_STORED = object()

# The longest pause between two tries of a failing database, in seconds.
MAX_PAUSE = 30.0


class StorePipeline:
    """Buffers articles and writes them in batches; a failing database is retried, and what
    still cannot be written at the end is spilled to a JSON-lines file, never dropped."""

    def __init__(self, crawler: Crawler, database: Sessions) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.database = database
        # Defaults here too: a user's own project may run these pipelines without our settings.
        self.batch_size = settings.getint("NEWSCRAWL_STORE_BATCH_SIZE", 50) or 50
        self.flush_seconds = settings.getfloat("NEWSCRAWL_STORE_FLUSH_SECONDS", 1.0) or 1.0
        self.retries = settings.getint("NEWSCRAWL_STORE_RETRIES", 5)
        self.spill_dir = Path(settings.get("NEWSCRAWL_SPILL_DIR") or ".")
        self.max_pending = settings.getint("NEWSCRAWL_STORE_MAX_PENDING", 2000)
        self._started = time.strftime("%Y%m%dT%H%M%S")
        self._failures = 0
        self._retry_at = 0.0
        self._pending: list[Article] = []
        self._last_flush = time.monotonic()
        # One writer thread: batches land in order and SQLite never sees two writers of ours.
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newscrawl-store")
        self._lock = asyncio.Lock()
        self._ticker: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, sessions(crawler_engine(crawler)))

    async def open_spider(self) -> None:
        self._ticker = asyncio.ensure_future(self._tick())

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.flush_seconds)
            if self._pending and time.monotonic() - self._last_flush >= self.flush_seconds:
                # Shielded: cancelling the ticker at close must not abandon a batch whose
                # transaction is committing in the writer thread, or the final flush would
                # write it again and count every article as its own duplicate.
                await asyncio.shield(self.flush(final=False))

    async def process_item(self, item: Any) -> Any:
        if (article := as_article(item)) is not None:
            self._pending.append(article)
            if len(self._pending) >= self.batch_size:
                await self.flush(final=False)
        return item

    async def flush(self, *, final: bool) -> None:
        """Write what is pending. While the database fails, retry with growing pauses; at the
        end, retry a few times more, then spill what still cannot be written."""
        async with self._lock:
            self._last_flush = time.monotonic()
            if not final and self._last_flush < self._retry_at:
                return  # backing off: the pending articles wait for the next tick
            attempts_left = self.retries if final else 1
            while self._pending and attempts_left:
                batch = self._pending[: self.batch_size * 4]
                try:
                    results = await asyncio.get_running_loop().run_in_executor(
                        self._thread, self._save, batch, self._run_id()
                    )
                except StoreError as error:
                    attempts_left -= 1
                    self._failed(error)
                    if final and attempts_left and stop_level(self.crawler) < 2:
                        await asyncio.sleep(self._retry_at - time.monotonic())
                    continue
                self._failures, self._retry_at = 0, 0.0
                del self._pending[: len(batch)]
                self._record(results)
                self.crawler.signals.send_catch_log(ARTICLES_STORED, articles=batch)
                if not final:
                    break
            if final:
                self._spill_oldest(len(self._pending))
            elif len(self._pending) > self.max_pending:
                # A long outage: keep memory bounded; the spill file keeps the articles.
                self._spill_oldest(len(self._pending) - self.max_pending)

    def _save(self, batch: list[Article], run_id: int | None) -> list[SaveResult]:
        """One batch, one transaction (in the writer thread); StoreError when it fails."""
        with self.database.writing(f"writing {len(batch)} articles failed") as session:
            return save_articles(session, batch, run_id)

    def _failed(self, error: StoreError) -> None:
        self._failures += 1
        pause = min(2.0**self._failures, MAX_PAUSE)
        self._retry_at = time.monotonic() + pause
        self._count("newscrawl/store_errors")
        logger.warning(
            "Database write failed (%d in a row, next try in %.0fs): %s", self._failures, pause, error
        )

    def _run_id(self) -> int | None:
        assert self.crawler.stats is not None
        value = self.crawler.stats.get_value("newscrawl/run_id")
        return int(value) if value is not None else None

    def _count(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, count)

    def _record(self, results: list[SaveResult]) -> None:
        for result in results:
            if result.outcome is Outcome.STORED:
                self._count("newscrawl/stored")
            elif result.outcome in (Outcome.REVISED, Outcome.UNCHANGED):
                self._count(f"newscrawl/{result.outcome.value}")
            else:
                self._count("newscrawl/duplicates")
                self._count(f"newscrawl/duplicates/{result.outcome.value}")
                logger.info("Duplicate of article %d: %s", result.article_id, result.url)

    def _spill_oldest(self, count: int) -> None:
        """Move the oldest `count` pending articles to this crawl's spill file, on disk."""
        articles, self._pending = self._pending[:count], self._pending[count:]
        if not articles:
            return
        path = self.spill_dir / f"newscrawl-unsaved-{self._started}-{os.getpid()}.jsonl"
        try:
            with path.open("a", encoding="utf-8") as spill:
                for article in articles:
                    record = article.to_json()
                    if article.page is not None:  # `newscrawl import` keeps it too
                        record[PAGE_KEY] = page_record(article.page)
                    spill.write(json.dumps(record, ensure_ascii=False) + "\n")
                spill.flush()
                os.fsync(spill.fileno())
        except OSError as error:
            logger.error(
                "LOST %d extracted articles: the database and the spill file %s both failed: %s",
                count,
                path,
                error,
            )
            self._count("newscrawl/spill_failed", count)
        else:
            logger.error(
                "Database unavailable: %d extracted articles saved to %s; "
                "load them with `newscrawl import %s`",
                count,
                path,
                path,
            )
            self._count("newscrawl/spilled", count)

    async def close_spider(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        try:
            await self.flush(final=True)
        finally:
            self._thread.shutdown(wait=True)
