"""Listing entries waiting for their request: handed to the scheduler in bounded chunks, newest first.

Scrapy schedules every request a callback yields at once (a sitemap of 200,000 URLs became
200,000 Requests in memory before the first article was fetched), and its lazy start() does
not wait either. Entries wait here as small frozen dataclasses instead, and requests are built
only when fewer than `low` released ones are still unanswered, or when the crawl goes idle.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from newscrawl.crawl.feeds import Entry
from newscrawl.crawl.listing import Dated
from newscrawl.crawl.meta import RELEASED
from newscrawl.crawl.stopping import stop_level

MakeRequest = Callable[[Entry], Request | None]


class Backlog:
    """Article entries, newest first across listings, and the sitemaps an index named.

    Each listing's entries wait as one run, sorted newest first; the next request is the
    newest head of the runs (few: one per listing read and not yet drained).
    """

    def __init__(self, crawler: Crawler, article: MakeRequest, listing: MakeRequest, high: int) -> None:
        """`high` 0: no backlog, every entry is released at once (a worker's shared queue holds
        them instead, where a killed worker cannot take them along and every worker shares them)."""
        self.crawler = crawler
        self.article = article
        self.listing = listing
        self.high = high
        self.low = max(1, high // 4)
        self.runs: list[deque[Dated]] = []
        self.listings: deque[Entry] = deque()
        self.outstanding = 0
        self.closed = False
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    def __len__(self) -> int:
        return sum(len(run) for run in self.runs) + len(self.listings)

    def add_articles(self, newest_first: list[Dated]) -> None:
        if newest_first:
            self.runs.append(deque(newest_first))
        self.top_up()

    def add_listings(self, entries: list[Dated]) -> None:
        """Sitemaps of an index: each is read only when the articles before it have drained,
        so that however many an index names, one sitemap's entries wait here at a time."""
        self.listings.extend(entry for _, entry in sorted(entries, key=lambda pair: pair[0], reverse=True))
        self.top_up()

    def _next_article(self) -> Entry:
        run = max(self.runs, key=lambda run: run[0][0])  # the first of equals: the older run
        entry = run.popleft()[1]
        if not run:
            self.runs = [other for other in self.runs if other]
        return entry

    def answered(self, meta: dict[str, Any]) -> None:
        """A released request came back (a response or a failure): make room for more."""
        if meta.pop(RELEASED, None):
            self.outstanding = max(0, self.outstanding - 1)
            if self.outstanding < self.low:
                self.top_up()

    def dropped(self, request: Request) -> None:
        self.answered(request.meta)  # a duplicate the scheduler refused never comes back

    def top_up(self) -> int:
        """Release requests until `high` are unanswered; the number released."""
        engine = self.crawler.engine
        if self.closed or engine is None or stop_level(self.crawler):
            return 0
        released = 0
        while (not self.high or self.outstanding < self.high) and (self.runs or self.listings):
            if self.runs:
                request = self.article(self._next_article())
            elif self.outstanding == 0 or not self.high:
                request = self.listing(self.listings.popleft())
            else:
                break  # the next sitemap waits until the articles of this one are answered
            if request is None:
                continue
            request.meta[RELEASED] = True
            self.outstanding += 1
            released += 1
            engine.crawl(request)
        return released

    def idle(self) -> None:
        # Idle means every released request was answered, whatever the count says.
        self.outstanding = 0
        if self.top_up():
            raise DontCloseSpider

    def close(self) -> None:
        self.closed = True
        self.runs.clear()
        self.listings.clear()
