"""Date strings from pages and feeds to timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from email.utils import parsedate_to_datetime

from newscrawl.article import DAY, INSTANT
from newscrawl.extraction.writtentime import with_written_time

_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|\d{8}T")
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
# A page may write any year; these leave a day's room at both ends of what datetime holds, so
# that the date can be moved into any zone (0001-01-01 at +05:00 is a day datetime cannot hold
# in UTC). No news was published outside them either.
MIN_YEAR, MAX_YEAR = 2, 9998


def parse_date(raw: str | None, *, embedded: bool = True) -> datetime | None:
    """ISO 8601 (with `Z`, offsets or none) or RFC 2822 to UTC; None when unparseable.

    A value without a zone is taken as UTC: a guess, but a stable one. With `embedded=False`
    the whole string must be the date, not just contain one.
    """
    value = parse_local(raw, embedded=embedded)
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# A time of day as a date string writes it: '10:00', ISO's 'T10', '22.15 Uhr', '10 am'.
_TIME_OF_DAY = re.compile(r"\d:\d\d|\dT\d\d|\d\.\d\d\s*uhr|\d\s*[ap]\.?m\b", re.IGNORECASE)


def written_precision(raw: str | None) -> str | None:
    """DAY when `raw` is a date that writes no time of day ('2024-03-14', 'March 14, 2024'),
    INSTANT when it writes one (midnight too, when written: '2024-03-14T00:00:00Z'), None when
    it is no date. A day alone is not midnight UTC: it is a day in the publisher's calendar."""
    value = parse_local(raw)
    if value is None:
        return None
    if value.time() != time() or _TIME_OF_DAY.search(raw or ""):
        return INSTANT
    return DAY


def parse_local(raw: str | None, *, embedded: bool = True) -> datetime | None:
    """The date as written: in its own offset, or naive when it states none."""
    text = (raw or "").strip().strip("\"'")
    # Every form we read has a four-digit year; most strings that reach here are not dates.
    if not _YEAR.search(text):
        return None
    value = _parse_iso(text)
    # A written date keeps the time and zone written beside it ('… at 10:00 am EDT'); read
    # before RFC 2822's, which takes a time's 'AM' for its zone and drops the zone after it.
    if value is None and (value := _parse_written(text, embedded)) is not None:
        value = with_written_time(value, text)
    value = value or _parse_rfc2822(text)
    return value if value is not None and MIN_YEAR <= value.year <= MAX_YEAR else None


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    candidate = _COMPACT_OFFSET.sub(r"\1:\2", candidate) if "T" in candidate else candidate
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return _parse_sloppy_iso(text)


# What CMS templates print when they format ISO by hand: '2020-12-05T23:15:0Z', '2024-03-12 (x)'.
_SLOPPY_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(Z)?)?")


def _parse_sloppy_iso(text: str) -> datetime | None:
    match = _SLOPPY_ISO.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(group or 0) for group in match.groups()[:6])
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC if match[7] else None)
    except ValueError:
        return None


# The year as an RFC 2822 date writes it: after the day and the month's name.
_RFC2822_YEAR = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+(\d+)")


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of twenty digits overflows
        return None
    # The email module reads years below 100 as 19xx or 20xx: 'Jan 0001' would become 2001.
    written = _RFC2822_YEAR.search(text)
    if written and len(written[1]) > 2 and int(written[1]) != value.year:
        return None
    return value


_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_WRITTEN_FORMATS = (
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d. %B %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
# Month names of the languages most news is written in, read as English so strptime knows them.
_MONTHS = {
    "January": "januar janvier enero gennaio januari janeiro styczeń stycznia",
    "February": "februar février fevrier febrero febbraio februari fevereiro luty lutego",
    "March": "märz maerz mars marzo maart março marco marzec marca",
    "April": "avril abril aprile kwiecień kwietnia",
    "May": "mai mayo maggio mei maio maj maja",
    "June": "juni juin junio giugno junho czerwiec czerwca",
    "July": "juli juillet julio luglio julho lipiec lipca",
    "August": "août aout agosto augustus sierpień sierpnia",
    "September": "septembre septiembre settembre setembro wrzesień września",
    "October": "oktober octobre octubre ottobre outubro październik października",
    "November": "novembre noviembre novembro listopad listopada",
    "December": "dezember décembre decembre diciembre dicembre december dezembro grudzień grudnia",
}
_MONTH_NAMES = {name: english for english, names in _MONTHS.items() for name in names.split()}
# English abbreviations, but not 'Jan': a given name as often, and a byline may give only that.
_ABBREVIATIONS = "Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
_EVERY_MONTH_NAME = {name.casefold() for name in [*_MONTHS, *_MONTH_NAMES, *_ABBREVIATIONS.split()]}


def is_month_name(text: str) -> bool:
    """'October', 'Oktober', 'octobre', 'Oct': a month's name alone."""
    return text.strip().casefold() in _EVERY_MONTH_NAME


_FOREIGN_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\b", re.I)
# '13 de mayo de 2026', '5 de março de 2024'.
_ROMANCE_OF = re.compile(r"(\d{1,2}) de (\w+) de (\d{4})", re.IGNORECASE)


def _in_english(text: str) -> str:
    text = _ROMANCE_OF.sub(r"\1 \2 \3", text)
    return _FOREIGN_MONTH.sub(lambda match: _MONTH_NAMES[match[1].lower()], text)


_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# A written date somewhere inside a longer string: '04:25:06 PM IST Apr 08, 2020'.
_EMBEDDED = re.compile(r"\b(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2}\.? [A-Z][a-z]{2,8}\.? \d{4})\b")


def _parse_written(text: str, embedded: bool = True) -> datetime | None:
    """'Feb 08, 2022', 'November 18, 2025', '13/11/2025 09:21', 'Thu, 09/25/2025 - 11:38'.

    A numeric day/month that could be read either way is refused, so that a less ambiguous
    source can answer instead.
    """
    text = _in_english(_WEEKDAY.sub("", text).strip())
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    head = re.split(r"\s*,?\s+[-|,]?\s*\d{1,2}:\d\d|\s*[,|-]\s*$", text)[0].strip()
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(head, pattern)
        except ValueError:
            continue
    match = _NUMERIC.match(text)
    if not match:
        inner = _EMBEDDED.search(text) if embedded else None
        return _parse_written(inner[0].replace(".", ""), False) if inner and inner[0] != text else None
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
