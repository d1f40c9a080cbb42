"""The time of day and zone written beside a date: '10:00 am EDT', '22.15 Uhr MESZ', '9:30 GMT+2'."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

# Zone abbreviations as pages print them after a time. Only those one zone goes by: 'IST'
# (India, Ireland, Israel) and the like are left out; 'CST' is read as North America's, where
# news is written with it, and an Asian page prints an offset or no zone instead.
_ZONES = {
    "UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "MEZ": 1, "CEST": 2,
    "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8,
    "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip
# No zone on Earth is further from UTC (Kiribati's +14:00).
MAX_OFFSET_HOURS = 14
# North America's zones named without the season: the date says whether it is summer time.
_SEASONAL = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"
}  # fmt: skip
# '10:00', '10:00:30', '22.15 Uhr', then 'am'/'p.m.', then a zone's name, an offset or both.
_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?|\.(?P<dotted>\d{2})(?=\s*uhr))"
    r"(?![\d:])\s*(?P<half>[ap]\.?\s?m\b\.?)?(?:\s*uhr\b)?"
    r"(?:\s*\(?(?P<name>(?-i:[A-Z]{2,5})\b)?\s*(?P<offset>(?<![\d])[+-]\d{1,2}(?::?\d{2})?\b)?\)?)?",
    re.IGNORECASE,
)


def with_written_time(day: datetime, text: str) -> datetime:
    """`day` (a date read from `text`, at midnight) at the one time of day `text` writes, in the
    zone it names; `day` itself where `text` writes no time, or several, or a zone unknown here
    (the date alone rather than a wrong instant)."""
    times = list(_TIME.finditer(text))
    if len(times) != 1:
        return day
    match = times[0]
    hour, minute = int(match["hour"]), int(match["minute"] or match["dotted"])
    half = re.sub(r"[.\s]", "", match["half"] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return day
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return day
    try:
        zone = _zone(match["name"], match["offset"])
    except ValueError:
        return day
    return day.replace(hour=hour, minute=minute, second=int(match["second"] or 0), tzinfo=zone)


def _zone(name: str | None, offset: str | None) -> tzinfo | None:
    """The zone a name and an offset write ('EDT', 'ET', 'GMT+2', '+05:30'); None for none
    written; ValueError for one that cannot be read."""
    if name and name.upper() in _SEASONAL and not offset:
        return ZoneInfo(_SEASONAL[name.upper()])
    return _fixed_zone(name, offset)


def _fixed_zone(name: str | None, offset: str | None) -> timezone | None:
    hours = 0.0
    if name:
        if name.upper() not in _ZONES or (offset and name.upper() not in ("UTC", "GMT")):
            raise ValueError(name)
        hours = _ZONES[name.upper()]
    if offset:
        sign, digits = offset[0], offset[1:].replace(":", "")
        whole, part = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if whole > MAX_OFFSET_HOURS or part > 59:
            raise ValueError(offset)
        hours += (whole + part / 60) * (1 if sign == "+" else -1)
    if not (name or offset):
        return None
    return timezone(timedelta(hours=hours))
