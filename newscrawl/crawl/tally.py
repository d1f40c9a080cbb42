"""Counting and logging what became of pages: skipped, failed, or the crawl given up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

from scrapy.crawler import Crawler

from newscrawl.crawl.pool import ExtractionAbandoned, WorkersUnavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")


class Tally:
    """The crawl's stats under newscrawl/, and a line in the log for each page left out."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler  # its stats and engine are set only once the crawl starts
        self._closing: asyncio.Future[None] | None = None

    def count(self, stat: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/{stat}")

    def skip(self, url: str, reason: str, detail: str) -> None:
        """A page that is not an article, or one not wanted: no failure."""
        self.count(f"skipped/{reason}")
        logger.info("Skipped %s (%s): %s", url, reason, detail)

    def error(self, url: str, reason: str, detail: str) -> None:
        """A page or listing that failed: counted among the crawl's errors."""
        self.count(f"errors/{reason}")
        logger.warning("Failed %s (%s): %s", url, reason, detail)

    def give_up(self, reason: str) -> None:
        """End the crawl: no page can be extracted, so fetching more would only cost the site."""
        assert self.crawler.stats is not None and self.crawler.engine is not None
        if self.crawler.stats.get_value("newscrawl/errors/workers") is None:
            logger.error("Extraction workers cannot start (%s): ending the crawl", reason)
            self._closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason="extraction_workers_failed")
            )
        self.count("errors/workers")

    async def pooled(self, url: str, work: Awaitable[T]) -> T | None:
        """What `work` in the pool gave for `url`; None when no worker can start or the crawl
        stops (counted here). Any other exception is the page's, for the caller to count."""
        try:
            return await work
        except WorkersUnavailable as error:
            self.give_up(str(error))
        except ExtractionAbandoned:
            self.count("stop/abandoned")
            logger.info("Abandoned %s: the crawl was told twice to stop", url)
        return None
