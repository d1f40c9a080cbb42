"""Reading Retry-After: seconds or an HTTP date; anything else is no Retry-After at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.crawl.retryafter import retry_after

NOW = datetime(2024, 5, 2, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"120", 120.0),
        (b" 0 ", 0.0),
        (b"Thu, 02 May 2024 08:02:00 GMT", 120.0),
        (b"Thu, 02 May 2024 07:00:00 GMT", 0.0),  # in the past: at once
        (None, None),
        (b"", None),
        (b"soon", None),
        (b"-5", None),
        (b"1.5", None),
    ],
)
def test_retry_after(header: bytes | None, seconds: float | None) -> None:
    assert retry_after(header, NOW) == seconds
