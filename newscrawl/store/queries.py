"""Reading stored articles: list with filters, full-text search, one article by id or URL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import selectinload

from newscrawl.article import StoredArticle
from newscrawl.store.convert import stored_article
from newscrawl.store.db import session_factory
from newscrawl.store.dialect import search_articles, time_limit
from newscrawl.store.models import AliasRow, ArticleRow, ArticleTag, TagRow
from newscrawl.store.searchparse import parse
from newscrawl.store.searchquery import SEARCH_TIMEOUT_SECONDS, check_timeout, search_text
from newscrawl.textkey import comparable
from newscrawl.urlkey import InvalidUrl, site_names, url_key


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


def filtered_articles(
    *,
    site: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    tag: str | None = None,
    language: str | None = None,
) -> Select[ArticleRow]:
    """The articles the filters of `articles list` select, newest first (by publication, then
    by when they were fetched)."""
    statement = select(ArticleRow)
    if site:
        statement = statement.where(ArticleRow.site.in_(site_names(site)))
    if since:
        statement = statement.where(ArticleRow.published_at >= since)
    if until:
        statement = statement.where(ArticleRow.published_at < until)
    if language:
        statement = statement.where(ArticleRow.language == language.lower())
    if tag:
        statement = statement.where(ArticleRow.tags.any(ArticleTag.tag.has(TagRow.key == comparable(tag))))
    return statement.order_by(
        ArticleRow.published_at.desc().nulls_last(), ArticleRow.fetched_at.desc(), ArticleRow.id.desc()
    )


def list_articles(
    engine: Engine,
    *,
    site: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    tag: str | None = None,
    language: str | None = None,
    limit: int | None = 50,
) -> list[StoredArticle]:
    """Articles newest first (by publication, then by when they were fetched)."""
    statement = filtered_articles(site=site, since=since, until=until, tag=tag, language=language)
    with session_factory(engine, reads=True)() as session:
        return [stored_article(row) for row in session.scalars(with_related(statement.limit(limit)))]


def loaded_articles(engine: Engine, ids: list[int]) -> dict[int, StoredArticle]:
    """The articles with these ids, by id."""
    with session_factory(engine, reads=True)() as session:
        rows = session.scalars(with_related(select(ArticleRow).where(ArticleRow.id.in_(ids))))
        return {row.id: stored_article(row) for row in rows}


def search(
    engine: Engine, query: str, limit: int = 20, timeout: float = SEARCH_TIMEOUT_SECONDS
) -> list[SearchHit]:
    """Full-text search, best match first, each hit with a snippet around the match.

    `query` is in the language of searchparse.py (words, "phrases", OR, -exclusion, prefix*),
    the same on SQLite and PostgreSQL. Any text is a query: SearchRefused when it is beyond
    the caps of searchquery.py or misuses the language (a lone OR, only exclusions),
    SearchTimedOut when the database needs more than `timeout` seconds for it.
    """
    parsed = parse(search_text(query))
    seconds = check_timeout(timeout)
    with session_factory(engine, reads=True)() as session, time_limit(session, seconds):
        hits = search_articles(session, parsed, limit)
        return [SearchHit(stored_article(row), snippet) for row, snippet in hits]


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
