"""What a failed download is called: its kind, and its cause in words rather than reprs."""

from __future__ import annotations

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed

from newscrawl.crawl.failures import failure_detail, failure_kind


def wrapped(*reasons: BaseException) -> DownloadFailedError:
    """As Scrapy raises it: a DownloadFailedError from Twisted's ResponseFailed."""
    try:
        try:
            raise ResponseFailed([Failure(reason) for reason in reasons])
        except ResponseFailed as error:
            raise DownloadFailedError(str(error)) from error
    except DownloadFailedError as error:
        return error


def test_a_reset_connection_is_named_by_its_cause() -> None:
    error = wrapped(ConnectionLost())
    assert failure_kind(error) == "connection"
    assert failure_detail(error) == "Connection to the other side was lost in a non-clean fashion."


def test_kinds() -> None:
    assert failure_kind(DownloadTimeoutError("Getting x took longer than 5.0 seconds.")) == "timeout"
    assert failure_kind(DownloadCancelledError("")) == "too_large"
    assert failure_kind(ResponseDataLossError()) == "truncated"
    assert failure_kind(ValueError("what")) == "other"


def test_a_body_over_the_size_limit_says_so() -> None:
    assert "DOWNLOAD_MAXSIZE" in failure_detail(DownloadCancelledError(""))
