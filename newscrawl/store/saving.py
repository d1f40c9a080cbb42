"""Saving a batch of articles in the caller's session: new ones in a few bulk statements."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.store.convert import article_values, revision_values
from newscrawl.store.dialect import insert_or_skip
from newscrawl.store.known import save_known
from newscrawl.store.models import CANONICAL, AliasRow, ArticleRow, ArticleTag, ImageRow, RevisionRow, TagRow
from newscrawl.store.pages import keep_pages, page_values
from newscrawl.store.results import Outcome, SaveResult
from newscrawl.textkey import comparable, distinct_names
from newscrawl.urlkey import InvalidUrl, identity_url, same_site, url_key

# Articles per round of bulk statements: a long spill file is loaded in rounds of this many.
ROUND = 200
# Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535.
MAX_PARAMETERS = 30_000


def save_articles(
    session: Session, articles: Sequence[Article], run_id: int | None, now: datetime | None = None
) -> list[SaveResult]:
    """Store `articles` in the caller's transaction; a duplicate becomes an alias of what is stored.

    A batch of new articles costs a fixed handful of statements (one look-up, one multi-row
    INSERT per table) whatever its size. An article the database already knows, or one that
    repeats an earlier article of the batch, is merged into what is stored one by one, in
    batch order, as known.py does.
    """
    now = now or datetime.now(UTC)
    results: list[SaveResult] = []
    for start in range(0, len(articles), ROUND):
        results += _save_round(session, [_keyed(a) for a in articles[start : start + ROUND]], now, run_id)
    return results


def _save_round(
    session: Session, articles: list[Article], now: datetime, run_id: int | None
) -> list[SaveResult]:
    fresh = _fresh(articles, _known(session, articles))
    stored = _insert_new(session, [articles[i] for i in fresh], now, run_id)
    results: list[SaveResult] = []
    for index, article in enumerate(articles):
        if index in fresh and article.url_key in stored:
            results.append(SaveResult(article.url, Outcome.STORED, stored[article.url_key]))
        else:
            # Known, a repeat within the batch, or stored by another writer since the look-up
            # (its INSERT skipped on conflict): merged one by one.
            results.append(save_known(session, article, now, run_id))
    return results


def _known(session: Session, articles: list[Article]) -> set[int]:
    """Indexes of the articles the database already holds, by key, alias or body: one statement.

    Bodies are matched through the unique index on (site, content_hash) by two IN lists, and
    the exact pairs are picked out here.
    """
    keys = {a.url_key for a in articles}
    sites = {a.site for a in articles}
    hashes = {a.content_hash for a in articles}
    by_key = select(literal("key"), ArticleRow.url_key, literal("")).where(ArticleRow.url_key.in_(keys))
    by_alias = select(literal("key"), AliasRow.url_key, literal("")).where(
        AliasRow.url_key.in_(keys), AliasRow.reason != CANONICAL
    )
    by_body = select(literal("body"), ArticleRow.site, ArticleRow.content_hash).where(
        ArticleRow.site.in_(sites), ArticleRow.content_hash.in_(hashes)
    )
    held_keys: set[str] = set()
    held_bodies: set[tuple[str, str]] = set()
    for kind, first, second in session.execute(by_key.union_all(by_alias, by_body)):
        if kind == "key":
            held_keys.add(first)
        else:
            held_bodies.add((first, second))
    return {
        i for i, a in enumerate(articles) if a.url_key in held_keys or (a.site, a.content_hash) in held_bodies
    }


def _fresh(articles: list[Article], known: set[int]) -> set[int]:
    """Indexes of the articles that neither the database nor an earlier one of the batch holds.

    Each article claims its key, the keys of the aliases it would leave, and its body; a later
    article that meets a claim is what the one-by-one path would call a duplicate.
    """
    claimed_keys: set[str] = set()
    claimed_bodies: set[tuple[str, str]] = set()
    fresh: set[int] = set()
    for index, article in enumerate(articles):
        body = (article.site, article.content_hash)
        if index not in known and article.url_key not in claimed_keys and body not in claimed_bodies:
            fresh.add(index)
        claimed_keys.add(article.url_key)
        claimed_keys.update(key for _url, key, why in _alias_urls(article, "variant") if why != CANONICAL)
        claimed_bodies.add(body)
    return fresh


def _alias_urls(article: Article, reason: str) -> list[tuple[str, str, str]]:
    """(url, key, reason) of the URLs that lead to a new article besides its stored one: the
    fetched URL and its canonical. A canonical on another site is kept for look-ups only
    (reason CANONICAL); a URL that cannot be keyed is no address of anything and is left out.
    """
    urls = {article.url: reason}
    if article.canonical_url:
        syndicated = not same_site(article.url, article.canonical_url)
        urls.setdefault(article.canonical_url, CANONICAL if syndicated else reason)
    stored_url = identity_url(article.url, article.canonical_url)
    aliases: list[tuple[str, str, str]] = []
    for url, why in urls.items():
        if url == stored_url:
            continue
        try:
            aliases.append((url, url_key(url), why))
        except InvalidUrl:
            continue
    return aliases


def _insert_new(
    session: Session, articles: list[Article], now: datetime, run_id: int | None
) -> dict[str, int]:
    """Insert new articles with their tags, images, first versions, pages and aliases; the id of
    each one inserted, by URL key. One skipped on a conflict is another writer's, and absent."""
    if not articles:
        return {}
    ids: dict[str, int] = {}
    rows = [article_values(a, now, run_id) for a in articles]
    for page in _pages(rows):
        statement = (
            insert_or_skip(session, ArticleRow).values(page).returning(ArticleRow.url_key, ArticleRow.id)
        )
        ids.update((key, article_id) for key, article_id in session.execute(statement))
    inserted = [(a, ids[a.url_key]) for a in articles if a.url_key in ids]
    _insert_tags(session, inserted)
    images = [
        {"article_id": i, "position": n, "url": m.url, "caption": m.caption, "credit": m.credit}
        for a, i in inserted
        for n, m in enumerate(a.images)
    ]
    revisions = [{"article_id": i, **revision_values(a, 1, now)} for a, i in inserted]
    for table, values in ((ImageRow, images), (RevisionRow, revisions)):
        for page in _pages(values):
            session.execute(insert(table).values(page))
    keep_pages(session, [page_values(i, 1, a, now) for a, i in inserted])
    # First come, first kept: the one-by-one path skipped a URL already an alias, too.
    aliases: dict[str, dict[str, Any]] = {}
    for article, article_id in inserted:
        for url, key, why in _alias_urls(article, "variant"):
            aliases.setdefault(url, {"url": url, "url_key": key, "article_id": article_id, "reason": why})
    for page in _pages(list(aliases.values())):
        session.execute(insert_or_skip(session, AliasRow, "url").values(page))
    return ids


def _insert_tags(session: Session, inserted: list[tuple[Article, int]]) -> None:
    """Tags in bulk: the new names inserted (a name already known is skipped by its key), then
    all the batch's tags read back by key, then every article's links, each with the article's
    own spelling, in one statement."""
    names: dict[str, str] = {}
    links: list[tuple[int, str, int, str]] = []
    for article, article_id in inserted:
        for position, name in enumerate(distinct_names(article.tags)):
            key = comparable(name)
            names.setdefault(key, name)
            links.append((article_id, key, position, name))
    if not names:
        return
    for page in _pages([{"name": name, "key": key} for key, name in names.items()]):
        session.execute(insert_or_skip(session, TagRow, "key").values(page))
    tag_ids: dict[str, int] = {}
    keys = list(names)
    for start in range(0, len(keys), MAX_PARAMETERS):
        chunk = keys[start : start + MAX_PARAMETERS]
        found = session.execute(select(TagRow.key, TagRow.id).where(TagRow.key.in_(chunk)))
        tag_ids.update((key, tag_id) for key, tag_id in found)
    values = [{"article_id": a, "tag_id": tag_ids[k], "position": p, "name": n} for a, k, p, n in links]
    for page in _pages(values):
        session.execute(insert(ArticleTag).values(page))


def _pages(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """`rows` in pages small enough for one multi-row statement each."""
    if not rows:
        return []
    size = max(1, MAX_PARAMETERS // len(rows[0]))
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _keyed(article: Article) -> Article:
    """`article` with the key of the URL it is stored under, by this newscrawl's rules, and
    without a canonical that is no URL (the page's mistake, which costs it nothing else).

    Computed here rather than trusted: a spill file written by an older newscrawl, or a
    spider's own item, may carry a key of other rules, which no later look-up would find.
    """
    canonical = article.canonical_url
    if canonical is not None:
        try:
            url_key(canonical)
        except InvalidUrl:
            canonical = None
    try:
        key = url_key(identity_url(article.url, canonical))
    except InvalidUrl:
        key = article.url_key
    if (key, canonical) == (article.url_key, article.canonical_url):
        return article
    keyed = dataclasses.replace(article, url_key=key, canonical_url=canonical)
    keyed.page = article.page  # no field, so replace() leaves it behind
    return keyed
