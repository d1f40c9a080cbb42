"""Reading a listing's entries, checking them one by one, and choosing the wanted ones, newest first."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from newscrawl.crawl.feeds import Entry, parse_feed
from newscrawl.crawl.sitemaps import parse_sitemap
from newscrawl.extraction.dates import parse_date

# An entry and the POSIX time of its date (-inf when it has none): what the backlog sorts by.
Dated = tuple[float, Entry]
UNDATED = -math.inf

# An absolute http(s) URL whose host is a plain name or IPv4 address, and its port if any.
_PLAIN = re.compile(r"https?://[\w.-]+(?::(\d{1,5}))?(?:[/?#]|$)", re.ASCII)

# What reading a listing may raise: it is then counted as bad_listing, and the crawl goes on.
LISTING_ERRORS: tuple[type[BaseException], ...] = (ValueError, OSError, RecursionError)

Count = Callable[[str], None]
Refuse = Callable[[str, str], None]
Match = Callable[[str], bool]


def read(kind: str, body: bytes, url: str) -> tuple[list[Entry], str | None]:
    """A feed's or sitemap's entries, and why it ended early (None: it did not)."""
    if kind == "feed":
        return parse_feed(body, url), None
    sitemap = parse_sitemap(body)
    return sitemap.entries, sitemap.cut


def checked(entries: Iterable[Entry], listing_url: str, refuse: Refuse, count: Count) -> list[Dated]:
    """Entries with their URL resolved and checked, and their dates readable or dropped.

    A URL that cannot be resolved or requested (`http://[::1`) costs its entry, refused as
    "malformed" like any such URL of the crawl; a date no calendar holds (year 0001, 9999)
    costs that field only, counted with `count("bad_date")`. A sitemap has up to millions of
    entries: an unchanged one is kept as it is, not copied.
    """
    kept = []
    for entry in entries:
        url = _absolute(listing_url, entry.url)
        if url is None:
            refuse(entry.url, "malformed")
            continue
        published, updated = _parsed(entry.published, count), _parsed(entry.updated, count)
        if url != entry.url or (entry.published and not published) or (entry.updated and not updated):
            raw_dates = (entry.published if published else None, entry.updated if updated else None)
            entry = Entry(url, entry.title, *raw_dates, entry.keywords)
        date = published or updated
        kept.append((date.timestamp() if date else UNDATED, entry))
    return kept


def _absolute(listing_url: str, url: str) -> str | None:
    """`url` resolved against the listing's; None for one no request can be made of."""
    plain = _PLAIN.match(url)
    if plain and 0 < int(plain[1] or 80) < 65536:
        return url  # most entries: no need to split them (a sitemap may hold millions)
    try:
        url = url if url.startswith(("http://", "https://")) else urljoin(listing_url, url)
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it: out of range or not a number raises
    except ValueError:  # `http://[::1`, `http://[zz::1]/`, `http://e.com:99999/`
        return None
    # Other schemes are kept: they are refused, by scheme, where every request is checked.
    return None if parts.scheme in ("http", "https") and not parts.hostname else url


def _parsed(raw: str | None, count: Count) -> datetime | None:
    date = parse_date(raw) if raw else None
    if raw and date is None:
        count("bad_date")
    return date


class Selection:
    """The source's URL patterns and the crawl's age limit, applied to checked entries."""

    def __init__(self, matches: Match, max_age: timedelta | None, count: Count) -> None:
        self.matches = matches
        self.max_age = max_age.total_seconds() if max_age else None
        self.count = count  # counts under newscrawl/skipped/

    def wanted(self, entries: Iterable[Dated]) -> list[Dated]:
        """Entries within the patterns and age, newest first (undated ones last, in order)."""
        oldest = datetime.now(UTC).timestamp() - self.max_age if self.max_age else UNDATED
        wanted = []
        for dated in entries:
            if not self.matches(dated[1].url):
                self.count("pattern")
            elif dated[0] != UNDATED and dated[0] < oldest:
                self.count("too_old")
            else:
                wanted.append(dated)
        wanted.sort(key=lambda pair: pair[0], reverse=True)  # stable: ties keep listing order
        return wanted
