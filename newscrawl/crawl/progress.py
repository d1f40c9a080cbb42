"""Extension: a one-line progress display on a terminal, refreshed every half second."""

from __future__ import annotations

import sys
from typing import TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.crawl.summary import Summary


class Progress:
    def __init__(self, crawler: Crawler, stream: TextIO) -> None:
        self.crawler = crawler
        self.stream = stream
        self._loop = task.LoopingCall(self.show)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS") or not sys.stderr.isatty():
            raise NotConfigured
        progress = cls(crawler, sys.stderr)
        crawler.signals.connect(progress.start, signal=signals.spider_opened)
        crawler.signals.connect(progress.stop, signal=signals.spider_closed)
        return progress

    def start(self) -> None:
        self._loop.start(0.5, now=True)

    def show(self) -> None:
        assert self.crawler.stats is not None
        line = Summary.from_stats(self.crawler.stats.get_stats()).one_line()
        self.stream.write("\r\033[K" + line)
        self.stream.flush()

    def stop(self) -> None:
        if self._loop.running:
            self._loop.stop()
        self.stream.write("\r\033[K")
        self.stream.flush()
