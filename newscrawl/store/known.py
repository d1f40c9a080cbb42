"""Saving one article the store may already hold: as an alias, a revisit, or a new version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.store.convert import article_row, revision_row, update_row, utc
from newscrawl.store.dialect import insert_or_skip
from newscrawl.store.errors import StoreError
from newscrawl.store.models import CANONICAL, AliasRow, ArticleRow, ArticleTag, TagRow
from newscrawl.store.pages import keep_pages, page_values
from newscrawl.store.results import Outcome, SaveResult
from newscrawl.textkey import comparable, distinct_names
from newscrawl.urlkey import InvalidUrl, same_site, url_key


def save_known(session: Session, article: Article, now: datetime, run_id: int | None) -> SaveResult:
    """Save `article` (already keyed) against what is stored: the path of duplicates, revisits
    and of a new article that lost a race, which the bulk path (saving.py) hands over."""
    for _attempt in range(2):
        existing = _find_existing(session, article)
        if existing is not None:
            row, outcome = existing
            row.last_seen = now
            # Whichever URL of the article was fetched, it was fetched as of its listing
            # date. Only forward: an alias listed with an older date must not bring the
            # article back on the next run, nor one with a newer date that was just fetched.
            row.listing_date = max(
                (d for d in (utc(row.listing_date), article.listing_date) if d is not None), default=None
            )
            if outcome is Outcome.DUPLICATE_URL and row.last_run_id != run_id:
                outcome = _refetched(session, row, article, now, run_id)
            _alias(session, row, article, outcome.value)
            return SaveResult(article.url, outcome, row.id)
        try:
            with session.begin_nested():
                row = article_row(article, now, run_id)
                row.tags = tag_links(session, article.tags)
                row.revisions = [revision_row(article, 1, now)]
                session.add(row)
                session.flush()
                keep_pages(session, [page_values(row.id, 1, article, now)])
                _alias(session, row, article, "variant")
            return SaveResult(article.url, Outcome.STORED, row.id)
        except IntegrityError:
            # Another worker stored the same article between our look-up and insert.
            continue
    raise StoreError(f"could not store {article.url}: keys keep conflicting")


def _refetched(
    session: Session, row: ArticleRow, article: Article, now: datetime, run_id: int | None
) -> Outcome:
    """A later run fetched a stored article again: keep a new version if its text changed,
    with its page; an unchanged one's page is kept for its version if that has none yet (a
    store of an older newscrawl, or one crawled with NEWSCRAWL_KEEP_HTML off)."""
    row.revisits += 1
    row.last_run_id = run_id
    if comparable(article.headline) == comparable(row.headline) and article.content_hash == row.content_hash:
        keep_pages(session, [page_values(row.id, max(1, len(row.revisions)), article, now)])
        return Outcome.UNCHANGED
    version = len(row.revisions) + 1
    update_row(row, article, now)
    row.tags = tag_links(session, article.tags)
    row.revisions.append(revision_row(article, version, now))
    session.flush()
    keep_pages(session, [page_values(row.id, version, article, now)])
    return Outcome.REVISED


def tag_links(session: Session, names: list[str]) -> list[ArticleTag]:
    """The links of a row to the tags `names`, each tag found by its key or added, each link
    with the article's spelling."""
    return [ArticleTag(position=i, name=n, tag=_tag(session, n)) for i, n in enumerate(distinct_names(names))]


def _tag(session: Session, name: str) -> TagRow:
    key = comparable(name)
    tag = session.scalars(select(TagRow).where(TagRow.key == key)).first()
    if tag is not None:
        return tag
    try:
        with session.begin_nested():
            tag = TagRow(name=name, key=key)
            session.add(tag)
            session.flush()
            return tag
    except IntegrityError:
        return session.scalars(select(TagRow).where(TagRow.key == key)).one()


def _find_existing(session: Session, article: Article) -> tuple[ArticleRow, Outcome] | None:
    by_key = session.scalars(select(ArticleRow).where(ArticleRow.url_key == article.url_key)).first()
    if by_key is not None:
        return by_key, Outcome.DUPLICATE_URL
    # A canonical on another site names another publisher's article, which is its own.
    alias = session.scalars(
        select(AliasRow).where(AliasRow.url_key == article.url_key, AliasRow.reason != CANONICAL).limit(1)
    ).first()
    if alias is not None:
        return alias.article, Outcome.DUPLICATE_URL
    by_body = session.scalars(
        select(ArticleRow).where(
            ArticleRow.site == article.site, ArticleRow.content_hash == article.content_hash
        )
    ).first()
    if by_body is not None:
        return by_body, Outcome.DUPLICATE_CONTENT
    return None


def _alias(session: Session, row: ArticleRow, article: Article, reason: str) -> None:
    """The URLs that led to `row` through `article`: the fetched one, and its canonical.

    A canonical on another site is kept for look-ups only (reason CANONICAL); a URL that
    cannot be keyed is no address of anything and is left out. One statement: a URL that is
    an alias already is skipped by its unique key.
    """
    urls = {article.url: reason}
    if article.canonical_url:
        syndicated = not same_site(article.url, article.canonical_url)
        urls.setdefault(article.canonical_url, CANONICAL if syndicated else reason)
    rows = []
    for url, why in urls.items():
        if url == row.url:
            continue
        try:
            rows.append({"url": url, "url_key": url_key(url), "article_id": row.id, "reason": why})
        except InvalidUrl:
            continue
    if rows:
        session.execute(insert_or_skip(session, AliasRow, "url").values(rows))
