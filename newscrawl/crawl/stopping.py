"""Downloader middleware: SIGINT or SIGTERM stops fetching at once; a second one stops faster.

Scrapy's own first-signal shutdown lets every request already handed to the downloader wait
out its delay and download, and its second signal stops the reactor before pipelines flush,
losing what was extracted. Here the first signal drops what is not yet on the wire and lets
in-flight pages be extracted and stored; the second also abandons in-flight downloads and
extractions, but the store still flushes. Components that take part listen to STOP_REQUESTED.
"""

from __future__ import annotations

import logging
import signal
from types import FrameType
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

# Sent with `level`: 1 for the first signal, 2 and more for the ones after it.
STOP_REQUESTED = object()
# The stat that tells every component how many stop signals arrived.
STOP_LEVEL = "newscrawl/stop/signals"
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StoppedRequest(IgnoreRequest):
    """A request dropped because the crawl was asked to stop."""


def _reactor() -> Any:
    # Imported when used: importing it at module load would install Twisted's default
    # reactor before Scrapy installs the asyncio one.
    from twisted.internet import reactor

    return reactor


def _is_download_timeout(call: Any) -> bool:
    """A delayed call that cancels a download, as Scrapy's HTTP/1.1 handler arms them."""
    deferred = getattr(call.func, "__self__", None)
    if getattr(call.func, "__name__", "") != "cancel" or not isinstance(deferred, Deferred):
        return False
    return any(
        getattr(callback, "__name__", "") == "_cb_timeout"
        for (callback, _, _), _ in getattr(deferred, "callbacks", [])
    )


def stop_level(crawler: Crawler) -> int:
    return int(crawler.stats.get_value(STOP_LEVEL, 0)) if crawler.stats else 0


class PromptStop:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._previous: dict[int, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PromptStop:
        stop = cls(crawler)
        crawler.signals.connect(stop.engine_started, signal=signals.engine_started)
        return stop

    def engine_started(self) -> None:
        # Scrapy installs its handlers when the reactor has started; ours must wrap them.
        _reactor().callLater(0, self._install)

    def _install(self) -> None:
        for signum in SIGNALS:
            previous = signal.getsignal(signum)
            if previous is not self._on_signal:
                self._previous[signum] = previous
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Nothing but flags and callFromThread here: the interrupted code may hold a lock.
        assert self.crawler.stats is not None
        level = stop_level(self.crawler) + 1
        self.crawler.stats.set_value(STOP_LEVEL, level)
        _reactor().callFromThread(self._stop, signum, level)
        previous = self._previous.get(signum)
        if level == 1 and callable(previous):
            previous(signum, frame)  # Scrapy's graceful shutdown: close the spider
        # Scrapy then installs its second-signal handler, which stops the reactor before the
        # pipelines flush; ours stays in place instead.
        self._install()

    def _stop(self, signum: int, level: int) -> None:
        name = signal.Signals(signum).name
        if level == 1:
            dropped = self._drop_queued()
            logger.warning(
                "Received %s: stopping; %d queued requests dropped, in-flight pages are stored. "
                "Send again to abandon in-flight pages too.",
                name,
                dropped,
            )
        else:
            abandoned = self._abandon_downloads()
            logger.warning(
                "Received %s again: abandoning %d in-flight downloads; extracted articles are stored",
                name,
                abandoned,
            )
        self.crawler.signals.send_catch_log(STOP_REQUESTED, level=level)

    def _drop_queued(self) -> int:
        """Fail the requests that wait in the downloader's slots (for their delay, say)."""
        engine = self.crawler.engine
        dropped = 0
        for slot in list(engine.downloader.slots.values()) if engine else []:
            while slot.queue:
                request, deferred = slot.queue.popleft()
                deferred.errback(StoppedRequest(f"stopped before download: {request.url}"))
                dropped += 1
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/stop/dropped", dropped)
        return dropped

    def _abandon_downloads(self) -> int:
        # Scrapy keeps no handle on a transfer, but its HTTP handler arms one delayed call per
        # download that cancels the download's Deferred when DOWNLOAD_TIMEOUT runs out; firing
        # those now ends each transfer as a timeout, which is what a second signal asks for.
        calls = [call for call in _reactor().getDelayedCalls() if _is_download_timeout(call)]
        for call in calls:
            call.reset(0)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/stop/abandoned", len(calls))
        return len(calls)

    def process_request(self, request: Request) -> None:
        """The last middleware before the downloader: nothing new goes out after a stop."""
        if stop_level(self.crawler):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/stop/dropped")
            raise StoppedRequest(f"stopped before download: {request.url}")
