"""Reads the crawl makes before it fetches: which URL keys are stored, and as of when."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from newscrawl.store.convert import utc
from newscrawl.store.models import CANONICAL, AliasRow, ArticleRow
from newscrawl.store.results import FetchState

# Keys per IN list: one statement answers this many, well under every backend's parameter cap.
CHUNK = 500


def fetch_states(session: Session, keys: Iterable[str]) -> dict[str, FetchState]:
    """The stored article behind each known URL key (its own key or an alias): one statement
    for up to CHUNK keys, through the unique index on articles.url_key and aliases' index."""
    wanted = list(set(keys))
    found: dict[str, FetchState] = {}
    columns = (
        ArticleRow.id,
        ArticleRow.fetched_at,
        ArticleRow.published_at,
        ArticleRow.listing_date,
        ArticleRow.revisits,
    )
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        own = select(ArticleRow.url_key, *columns, literal(False)).where(ArticleRow.url_key.in_(chunk))
        aliased = (
            select(AliasRow.url_key, *columns, literal(True))
            .join(ArticleRow, AliasRow.article_id == ArticleRow.id)
            .where(AliasRow.url_key.in_(chunk), AliasRow.reason != CANONICAL)
        )
        for key, article_id, fetched, published, listed, revisits, alias in session.execute(
            own.union_all(aliased)
        ):
            state = FetchState(
                article_id, utc(fetched) or fetched, utc(published), utc(listed), revisits, bool(alias)
            )
            # The article's own key wins over an alias that normalises to the same key.
            if key not in found or found[key].alias:
                found[key] = state
    return found
