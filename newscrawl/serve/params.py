"""The query parameters the API and the pages share: filters, cursors and limits, checked."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Query

from newscrawl.store import (
    ArticleFilters,
    BadCursor,
    ListCursor,
    SearchCursor,
    filter_time,
    list_cursor,
    search_cursor,
)

C = TypeVar("C")

# Ids are bound as signed 64-bit integers, the widest SQLite and PostgreSQL take.
MAX_ROW_ID = 2**63 - 1
# A filter value longer than this is no site, tag or name anyone stores.
MAX_FILTER_LENGTH = 200
# Articles a page shows at most: each carries its body.
MAX_PAGE = 100


class BadInput(ValueError):
    """A request the server cannot answer as asked: a 400 with the message."""


Text = Annotated[str | None, Query(max_length=MAX_FILTER_LENGTH)]


def _checked(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    # NUL and other control characters match nothing stored, and PostgreSQL refuses NUL.
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise BadInput(f"{name} contains control characters")
    return value.strip()


def _when(name: str, value: str | None) -> datetime | None:
    text = _checked(name, value)
    if text is None:
        return None
    try:
        return filter_time(text)
    except ValueError as error:
        raise BadInput(f"{name}: {error}") from None


@dataclass(frozen=True)
class Listing:
    """What a request for articles asks: a search (q) or a listing, its filters and its page."""

    q: str | None
    filters: ArticleFilters
    limit: int
    cursor: str | None

    def list_after(self) -> ListCursor | None:
        return _decoded(list_cursor, self.cursor)

    def search_after(self) -> SearchCursor | None:
        return _decoded(search_cursor, self.cursor)


def _decoded(decode: Callable[[str], C], cursor: str | None) -> C | None:
    if cursor is None:
        return None
    try:
        return decode(cursor)
    except BadCursor as error:
        raise BadInput(f"cursor: {error}") from None


def listing(
    q: Annotated[str | None, Query(max_length=2000, description="Search query (CLI syntax).")] = None,
    site: Text = None,
    section: Text = None,
    tag: Text = None,
    lang: Text = None,
    author: Text = None,
    since: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD or ISO 8601.")] = None,
    until: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD or ISO 8601.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    cursor: Annotated[str | None, Query(max_length=400, description="`next` of the page before.")] = None,
) -> Listing:
    """The request's listing; BadInput for a value no store could answer."""
    filters = ArticleFilters(
        site=_checked("site", site),
        since=_when("since", since),
        until=_when("until", until),
        tag=_checked("tag", tag),
        language=_checked("lang", lang),
        section=_checked("section", section),
        author=_checked("author", author),
    )
    return Listing(_checked("q", q), filters, limit, _checked("cursor", cursor))
