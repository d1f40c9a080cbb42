"""ArticleWriter: an engine's articles saved and looked up, each call in a session of its own.

The store functions take a session their caller owns (saving.save_articles,
lookup.fetch_states); this is the handle for callers that hold an engine and want one
transaction per call, on the engine's own sessionmakers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Engine

from newscrawl.article import Article
from newscrawl.store.lookup import fetch_states
from newscrawl.store.results import FetchState, Outcome, SaveResult
from newscrawl.store.saving import save_articles
from newscrawl.store.sessions import sessions

__all__ = ["ArticleWriter", "FetchState", "Outcome", "SaveResult"]


class ArticleWriter:
    """Saves batches of articles; safe to share between crawl workers of one database."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessions(engine)

    def save(self, articles: Sequence[Article], run_id: int | None = None) -> list[SaveResult]:
        """Store a batch in one transaction; a duplicate becomes an alias of what is stored."""
        if not articles:
            return []
        with self._sessions.writing(f"writing {len(articles)} articles failed") as session:
            return save_articles(session, articles, run_id)

    def fetch_states(self, keys: Iterable[str]) -> dict[str, FetchState]:
        """The stored article behind each known URL key (its own key or an alias).

        Raises StoreError when the database cannot answer.
        """
        with self._sessions.reading("looking up stored URLs failed") as session:
            return fetch_states(session, keys)
