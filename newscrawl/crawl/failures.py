"""Downloader middleware: a download that failed for good says why in one line, counted by kind.

Scrapy hands the spider's errback the handler's exception as it came: a reset connection is
"[<twisted.python.failure.Failure twisted.internet.error.ConnectionLost: ...>]", a body over
DOWNLOAD_MAXSIZE an empty DownloadCancelledError(''). Sitting below RetryMiddleware (550), this
sees only the failures no retry is left for, counts each as
`newscrawl/download_failures/<kind>` (the spider counts it as `newscrawl/errors/download`) and
passes on an exception whose message names the kind and the cause.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from twisted.internet.error import ConnectionLost, TimeoutError
from twisted.python.failure import Failure

KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (DownloadTimeoutError, "timeout"),
    (TimeoutError, "timeout"),
    # Scrapy's HTTP handler cancels a download only when its body outgrows DOWNLOAD_MAXSIZE
    # (DOWNLOAD_TIMEOUT raises DownloadTimeoutError): the message is empty when the bytes
    # received crossed it, and says so when the Content-Length announced it.
    (DownloadCancelledError, "too_large"),
    (ResponseDataLossError, "truncated"),
    (DownloadConnectionRefusedError, "refused"),
    (CannotResolveHostError, "dns"),
    (UnsupportedURLSchemeError, "unsupported_scheme"),
    (DownloadFailedError, "connection"),
    (ConnectionLost, "connection"),
)


class DownloadFailed(Exception):
    """A download that failed after its retries, with a message that says why."""


def failure_kind(exception: BaseException) -> str:
    for kind, name in KINDS:
        if isinstance(exception, kind):
            return name
    return "other"


def failure_detail(exception: BaseException) -> str:
    """The cause in words: Twisted's failures inside a ResponseFailed, else the message."""
    cause = exception.__cause__
    reasons = getattr(cause, "reasons", None)
    if reasons:
        messages = [r.getErrorMessage() if isinstance(r, Failure) else str(r) for r in reasons]
        return "; ".join(m for m in messages if m) or type(exception).__name__
    if isinstance(exception, DownloadCancelledError) and not str(exception):
        return "the body grew past DOWNLOAD_MAXSIZE"
    if isinstance(exception, ResponseDataLossError):
        return "the connection closed before the whole body came"
    return str(exception) or type(exception).__name__


class DownloadFailures:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadFailures:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest | DownloadFailed):
            return None  # dropped on purpose, and counted where it was dropped
        kind = failure_kind(exception)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/download_failures/{kind}")
        raise DownloadFailed(f"{kind}: {failure_detail(exception)}") from exception
