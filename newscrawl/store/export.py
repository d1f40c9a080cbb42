"""Every article the filters of `articles list` select, streamed in batches: no limit, constant memory."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine

from newscrawl.article import StoredArticle
from newscrawl.store.convert import stored_article
from newscrawl.store.db import session_factory
from newscrawl.store.filters import NO_FILTERS, ArticleFilters
from newscrawl.store.queries import filtered_articles, with_related

# Rows fetched from the database at a time, and so the articles held in memory at once; their
# tags, images and aliases come in one query per batch. A few MB of article text.
EXPORT_BATCH = 500


def stream_articles(
    engine: Engine,
    filters: ArticleFilters = NO_FILTERS,
    *,
    batch: int = EXPORT_BATCH,
) -> Iterator[list[StoredArticle]]:
    """The matching articles in `articles list`'s order, newest first, `batch` at a time.

    yield_per streams the rows: PostgreSQL through a server-side cursor, SQLite's cursor
    steps through its result as it goes; each batch's related rows are loaded by selectinload
    for that batch alone.
    """
    statement = filtered_articles(filters)
    statement = with_related(statement).execution_options(yield_per=batch)
    with session_factory(engine, reads=True)() as session:
        for rows in session.scalars(statement).partitions():
            articles = [stored_article(row) for row in rows]
            for row in rows:
                # Done with (its tags, images and aliases with it): out of the identity map, which
                # would otherwise keep what reference cycles (article <-> tag links) hold until a
                # GC pass. expunge_all() would pull the map from under the result still streaming.
                session.expunge(row)
            yield articles
