"""Reading stored articles: list with filters, full-text search, one article by id or URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import selectinload

from newscrawl.article import StoredArticle
from newscrawl.store.convert import stored_article
from newscrawl.store.cursors import ListCursor, SearchCursor
from newscrawl.store.db import session_factory
from newscrawl.store.filters import NO_FILTERS, ArticleFilters
from newscrawl.store.models import AliasRow, ArticleRow, ArticleTag
from newscrawl.store.searching import search_articles, time_limit
from newscrawl.store.searchparse import parse
from newscrawl.store.searchquery import SEARCH_TIMEOUT_SECONDS, check_timeout, search_text
from newscrawl.urlkey import InvalidUrl, url_key


@dataclass
class SearchHit:
    article: StoredArticle
    snippet: str


def with_related(statement: Select[Any]) -> Select[Any]:
    """The statement with each article's tags, images and aliases loaded in a query per batch."""
    return statement.options(
        selectinload(ArticleRow.tags).joinedload(ArticleTag.tag),
        selectinload(ArticleRow.images),
        selectinload(ArticleRow.aliases),
    )


def filtered_articles(filters: ArticleFilters = NO_FILTERS) -> Select[ArticleRow]:
    """The articles the filters select, newest first (by publication, then by when they were
    fetched, then by id: a total order, which keyset pages rely on)."""
    return filters.apply(select(ArticleRow)).order_by(
        ArticleRow.published_at.desc().nulls_last(), ArticleRow.fetched_at.desc(), ArticleRow.id.desc()
    )


def list_articles(
    engine: Engine, filters: ArticleFilters = NO_FILTERS, *, limit: int | None = 50
) -> list[StoredArticle]:
    """Articles newest first (by publication, then by when they were fetched)."""
    with session_factory(engine, reads=True)() as session:
        statement = with_related(filtered_articles(filters).limit(limit))
        return [stored_article(row) for row in session.scalars(statement)]


@dataclass
class ArticlePage:
    """A page of a listing, and the cursor of the next one (None on the last page)."""

    articles: list[StoredArticle]
    next: str | None


def article_page(
    engine: Engine, filters: ArticleFilters, limit: int, after: ListCursor | None = None
) -> ArticlePage:
    """Up to `limit` articles in list_articles' order, starting after the cursor's article."""
    statement = filtered_articles(filters)
    if after is not None:
        statement = statement.where(after.following())
    with session_factory(engine, reads=True)() as session:
        rows = list(session.scalars(with_related(statement.limit(limit + 1))))
        found = [stored_article(row) for row in rows[:limit]]
    if len(rows) <= limit or not found:
        return ArticlePage(found, None)
    last = found[-1]
    assert last.fetched_at is not None, "every stored article has the time it was fetched"
    return ArticlePage(found, ListCursor(last.published_at, last.fetched_at, last.id).encode())


def loaded_articles(engine: Engine, ids: list[int]) -> dict[int, StoredArticle]:
    """The articles with these ids, by id."""
    with session_factory(engine, reads=True)() as session:
        rows = session.scalars(with_related(select(ArticleRow).where(ArticleRow.id.in_(ids))))
        return {row.id: stored_article(row) for row in rows}


@dataclass
class SearchPage:
    """A page of search hits, and the cursor of the next one (None on the last page)."""

    hits: list[SearchHit]
    next: str | None


def search(
    engine: Engine,
    query: str,
    limit: int = 20,
    timeout: float = SEARCH_TIMEOUT_SECONDS,
    filters: ArticleFilters = NO_FILTERS,
    after: SearchCursor | None = None,
) -> SearchPage:
    """Full-text search among the articles the filters select, best match first, each hit with
    a snippet around the match, and the cursor of the next page of hits.

    `query` is in the language of searchparse.py (words, "phrases", OR, -exclusion, prefix*),
    the same on SQLite and PostgreSQL. Any text is a query: SearchRefused when it is beyond
    the caps of searchquery.py or misuses the language (a lone OR, only exclusions),
    SearchTimedOut when the database needs more than `timeout` seconds for it.
    """
    parsed = parse(search_text(query))
    seconds = check_timeout(timeout)
    within = None if filters == NO_FILTERS else filters.apply(select(ArticleRow.id))
    after_key = (after.rank, after.id) if after is not None else None
    with session_factory(engine, reads=True)() as session, time_limit(session, seconds):
        found = search_articles(session, parsed, limit + 1, within=within, after=after_key)
        hits = [SearchHit(stored_article(row), snippet) for row, snippet, _ in found[:limit]]
    if len(found) <= limit:
        return SearchPage(hits, None)
    _, _, rank = found[limit - 1]
    return SearchPage(hits, SearchCursor(rank, found[limit - 1][0].id).encode())


def get_article(engine: Engine, id_or_url: str) -> StoredArticle | None:
    """One article by its id, its URL, or any URL that led to it."""
    with session_factory(engine, reads=True)() as session:
        if id_or_url.isdigit():
            statement = select(ArticleRow).where(ArticleRow.id == int(id_or_url))
        else:
            try:
                key = url_key(id_or_url)
            except InvalidUrl:
                return None
            own = ArticleRow.url_key == key
            alias_of = select(AliasRow.article_id).where(AliasRow.url_key == key)
            # The article whose own URL it is, before one that names it as its canonical.
            statement = (
                select(ArticleRow)
                .where(own | ArticleRow.id.in_(alias_of))
                .order_by(own.desc(), ArticleRow.id)
            )
        row = session.scalars(with_related(statement)).first()
        return stored_article(row) if row is not None else None
