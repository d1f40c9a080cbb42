"""Keyset cursors: where the next page of a listing or a search starts, as an opaque string."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from newscrawl.store.models import ArticleRow

# A cursor is a page's last row's sort key, not an offset: a page starts right after that row
# whatever was stored meanwhile, without the database counting through the rows before it.


class BadCursor(ValueError):
    """A cursor this store did not hand out (or one of the other kind of query)."""


@dataclass(frozen=True)
class ListCursor:
    """The last article of a page in listing order: newest publication, newest fetch, highest id."""

    published_at: datetime | None
    fetched_at: datetime
    id: int

    def encode(self) -> str:
        published = self.published_at.isoformat() if self.published_at else None
        return _encode(["list", published, self.fetched_at.isoformat(), self.id])

    def following(self) -> ColumnElement[bool]:
        """The articles after this one in listing order (published_at DESC NULLS LAST, fetched_at
        DESC, id DESC)."""
        fetched, id_ = ArticleRow.fetched_at, ArticleRow.id
        same_day = or_(fetched < self.fetched_at, and_(fetched == self.fetched_at, id_ < self.id))
        if self.published_at is None:
            return and_(ArticleRow.published_at.is_(None), same_day)
        published = ArticleRow.published_at
        return or_(
            published < self.published_at,
            and_(published == self.published_at, same_day),
            published.is_(None),
        )


@dataclass(frozen=True)
class SearchCursor:
    """The last hit of a page of search results: its rank and its id."""

    rank: float
    id: int

    def encode(self) -> str:
        return _encode(["search", self.rank, self.id])


def _encode(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str, kind: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("not a cursor this server handed out") from None
    if not isinstance(key, list) or len(key) != size or key[0] != kind:
        raise BadCursor(f"not a cursor of a {kind}")
    return key


def list_cursor(cursor: str) -> ListCursor:
    """The ListCursor `cursor` encodes; BadCursor for anything else."""
    _, published, fetched, id_ = _decode(cursor, "list", 4)
    try:
        made = ListCursor(
            datetime.fromisoformat(published) if published is not None else None,
            datetime.fromisoformat(fetched),
            _row_id(id_),
        )
    except (TypeError, ValueError):
        raise BadCursor("not a cursor of a list") from None
    # The store's times are UTC instants: one without a zone was not written by encode().
    if made.fetched_at.tzinfo is None or (made.published_at and made.published_at.tzinfo is None):
        raise BadCursor("not a cursor of a list")
    return made


def search_cursor(cursor: str) -> SearchCursor:
    """The SearchCursor `cursor` encodes; BadCursor for anything else."""
    _, rank, id_ = _decode(cursor, "search", 3)
    if not isinstance(rank, int | float) or isinstance(rank, bool) or rank != rank:
        raise BadCursor("not a cursor of a search")
    return SearchCursor(float(rank), _row_id(id_))


def _row_id(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise BadCursor("not a cursor this server handed out")
    return value
