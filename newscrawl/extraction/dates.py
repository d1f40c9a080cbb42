"""Date strings from pages and feeds to timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_date(raw: str | None) -> datetime | None:
    """ISO 8601 (with `Z`, offsets or none) or RFC 2822 to UTC; None when unparseable.

    A value without a zone is taken as UTC: a guess, but a stable one.
    """
    if not raw:
        return None
    text = raw.strip().strip("\"'")
    if not text:
        return None
    value = _parse_iso(text) or _parse_rfc2822(text) or _parse_written(text)
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    candidate = _COMPACT_OFFSET.sub(r"\1:\2", candidate) if "T" in candidate else candidate
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_WRITTEN_FORMATS = (
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _parse_written(text: str) -> datetime | None:
    """'Feb 08, 2022', 'November 18, 2025', '13/11/2025 09:21', 'Thu, 09/25/2025 - 11:38'.

    A numeric day/month that could be read either way is refused, so that a less ambiguous
    source can answer instead.
    """
    text = _WEEKDAY.sub("", text).strip()
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    head = re.split(r"\s+[-|,]?\s*\d{1,2}:\d\d|\s*[,|-]\s*$", text)[0].strip()
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(head, pattern)
        except ValueError:
            continue
    match = _NUMERIC.match(text)
    if not match:
        return None
    first, second, year = (int(g) for g in match.groups())
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None
    try:
        return datetime(year, month, day)
    except ValueError:
        return None
