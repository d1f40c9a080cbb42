"""A test extension: the crawl sends itself SIGTERM as its spider opens, before the engine runs.

That moment is a few milliseconds wide in a real crawl, so random signals found it only once in
many CI runs; this holds it open for a second so a test can land a stop in it every time.
"""

from __future__ import annotations

import asyncio
import os
import signal

from scrapy import Spider, signals
from scrapy.crawler import Crawler

HOLD_OPEN_SECONDS = 1.0


class SignalAsSpiderOpens:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SignalAsSpiderOpens:
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    async def spider_opened(self, spider: Spider) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        # The engine starts only when every spider_opened handler is done.
        await asyncio.sleep(HOLD_OPEN_SECONDS)
