"""Checking a listing's entries one by one, and choosing the wanted ones, newest first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

from newscrawl.crawl.feeds import Entry
from newscrawl.crawl.schemes import refusal
from newscrawl.extraction.dates import parse_date

# Stats of one entry's (or one field's) problem: the rest of the listing goes on.
ENTRY_STAT = "newscrawl/listing_entries/{}"
# An undated entry sorts after every dated one.
OLDEST = datetime.min.replace(tzinfo=UTC)

Count = Callable[[str], None]
Refuse = Callable[[str, str], None]
Match = Callable[[str], bool]


def checked(entries: Iterable[Entry], listing_url: str, refuse: Refuse, count: Count) -> list[Entry]:
    """Entries with their URL resolved and checked, and their dates readable or dropped.

    A URL that cannot be resolved or requested (`http://[::1`) costs its entry, refused as
    "malformed" like any such URL of the crawl; a date no calendar holds (year 0001, 9999)
    costs that field only, counted with `count("bad_date")`.
    """
    kept = []
    for entry in entries:
        try:
            url = urljoin(listing_url, entry.url)
        except ValueError:
            url = entry.url
        if refusal(url) == "malformed":
            refuse(entry.url, "malformed")
            continue
        published = _date_or_none(entry.published, count)
        updated = _date_or_none(entry.updated, count)
        kept.append(replace(entry, url=url, published=published, updated=updated))
    return kept


def _date_or_none(raw: str | None, count: Count) -> str | None:
    if raw is None or parse_date(raw) is not None:
        return raw
    count("bad_date")
    return None


def entry_date(entry: Entry) -> datetime | None:
    return parse_date(entry.published or entry.updated)


class Selection:
    """The source's URL patterns and the crawl's age limit, applied to checked entries."""

    def __init__(self, matches: Match, max_age: timedelta | None, count: Count) -> None:
        self.matches = matches
        self.max_age = max_age
        self.count = count  # counts under newscrawl/skipped/

    def wanted(self, entries: Iterable[Entry]) -> list[Entry]:
        """Entries within the patterns and age, newest first (undated ones last, in order)."""
        now = datetime.now(UTC)
        wanted = []
        for entry in entries:
            date = entry_date(entry)
            if not self.matches(entry.url):
                self.count("pattern")
            elif self.max_age and date and now - date > self.max_age:
                self.count("too_old")
            else:
                wanted.append((date or OLDEST, entry))
        wanted.sort(key=lambda pair: pair[0], reverse=True)  # stable: ties keep listing order
        return [entry for _, entry in wanted]
