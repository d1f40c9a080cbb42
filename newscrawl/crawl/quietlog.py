"""Extension: a site that cannot be reached is one log line per URL, not a traceback.

Scrapy's robots.txt middleware logs every failed robots.txt download with the whole
traceback, so a crawl of a host that is down opens with a wall of Twisted frames. The reason
is in the message already; the frames say nothing a user can act on.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

NOISY_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt",)


class _OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class OneLineNetworkErrors:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineNetworkErrors:
        for name in NOISY_LOGGERS:
            target = logging.getLogger(name)
            if not any(isinstance(f, _OneLine) for f in target.filters):
                target.addFilter(_OneLine())
        return cls()
