"""Last pipeline: batched, transactional writes in a writer thread, never on the reactor."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from newscrawl.article import Article
from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.items import as_article
from newscrawl.store import ArticleWriter, Outcome, SaveResult, StoreError

logger = logging.getLogger(__name__)


class StorePipeline:
    """Buffers articles and writes them in batches; a failing database is retried, and what
    still cannot be written at the end is spilled to a JSON-lines file, never dropped."""

    def __init__(self, crawler: Crawler, writer: ArticleWriter) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.writer = writer
        self.batch_size = settings.getint("NEWSCRAWL_STORE_BATCH_SIZE")
        self.flush_seconds = settings.getfloat("NEWSCRAWL_STORE_FLUSH_SECONDS")
        self.retries = settings.getint("NEWSCRAWL_STORE_RETRIES", 5)
        self.spill_dir = Path(settings.get("NEWSCRAWL_SPILL_DIR") or ".")
        self._pending: list[Article] = []
        self._last_flush = time.monotonic()
        # One writer thread: batches land in order and SQLite never sees two writers of ours.
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newscrawl-store")
        self._lock = asyncio.Lock()
        self._ticker: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, ArticleWriter(crawler_engine(crawler)))

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
        async with self._lock:
            self._last_flush = time.monotonic()
            attempts = self.retries if final else 1
            for attempt in range(1, attempts + 1):
                batch = self._pending[: self.batch_size * 4]
                if not batch:
                    return
                try:
                    results = await asyncio.get_running_loop().run_in_executor(
                        self._thread, self.writer.save, batch, self._run_id()
                    )
                except StoreError as error:
                    self._count("newscrawl/store_errors")
                    logger.warning("Database write failed (attempt %d): %s", attempt, error)
                    if attempt < attempts:
                        await asyncio.sleep(min(2.0**attempt, 30.0))
                    continue
                del self._pending[: len(batch)]
                self._record(results)
                if not final or not self._pending:
                    return
            if final and self._pending:
                self._spill()

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

    def _spill(self) -> None:
        path = self.spill_dir / f"newscrawl-unsaved-{int(time.time())}.jsonl"
        with path.open("a", encoding="utf-8") as spill:
            for article in self._pending:
                spill.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
        logger.error(
            "Database unavailable: %d extracted articles saved to %s; load them with `newscrawl import %s`",
            len(self._pending),
            path,
            path,
        )
        self._count("newscrawl/spilled", len(self._pending))
        self._pending.clear()

    async def close_spider(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        try:
            await self.flush(final=True)
        finally:
            self._thread.shutdown(wait=True)
