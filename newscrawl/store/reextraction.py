"""Kept pages read back in batches, and what extracting one again changed written in place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.store.convert import stored_article, update_row, utc
from newscrawl.store.errors import StoreError
from newscrawl.store.known import tag_links
from newscrawl.store.models import ArticleRow, ExtractionChangeRow, PageRow, RevisionRow
from newscrawl.store.sessions import Sessions

# What extraction decides of an article, compared to tell whether extracting it again changed it.
# Its address (url, url_key, canonical_url) is left alone: changing it would re-key the store.
EXTRACTED = (
    "section", "headline", "titles", "description", "body", "subheadings", "block_kinds", "images",
    "caption", "image_credit",
    "tags", "authors", "published_at", "published_raw", "published_precision", "published_date",
    "modified_at", "modified_raw", "modified_precision", "language",
)  # fmt: skip


# The dates whose day alone, where the page gave no time, is the value (Article.published).
_AS_WRITTEN = {"published_at": "published", "modified_at": "modified"}


class SameBody(StoreError):
    """Extracted again, a page's body is another stored article's: the store keeps one of each."""


# What an older version's revision row keeps of its text.
REVISION_FIELDS = ("headline", "body")


@dataclass(frozen=True)
class StoredPage:
    """One kept page, as stored, with the article version it belongs to."""

    article_id: int
    version: int
    newest: bool
    url: str
    data: bytes
    compression: str
    content_type: str | None
    hints: dict[str, Any]
    fetched_at: datetime | None


@dataclass(frozen=True)
class PageFilter:
    """Which kept pages to read: of one site, fetched on or after `since` and before `until`."""

    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self, fetched: Any) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.site is not None:
            conditions.append(ArticleRow.site == self.site)
        if self.since is not None:
            conditions.append(fetched >= self.since)
        if self.until is not None:
            conditions.append(fetched < self.until)
        return conditions


def page_batches(database: Sessions, chosen: PageFilter, size: int) -> Iterator[list[StoredPage]]:
    """The chosen pages, `size` at a time in the order they were kept, each batch read in a
    session of its own: memory stays one batch, and writes between batches see no open read."""
    newest = (
        select(func.coalesce(func.max(RevisionRow.version), 1))
        .where(RevisionRow.article_id == PageRow.article_id)
        .scalar_subquery()
    )
    after = 0
    while True:
        statement = (
            select(PageRow, PageRow.version >= newest)
            .join(ArticleRow, ArticleRow.id == PageRow.article_id)
            .where(PageRow.id > after, *chosen.where(PageRow.fetched_at))
            .order_by(PageRow.id)
            .limit(size)
        )
        with database.reading("reading kept pages failed") as session:
            rows = session.execute(statement).all()
        if not rows:
            return
        after = rows[-1][0].id
        yield [
            StoredPage(
                row.article_id,
                row.version,
                bool(is_newest),
                row.url,
                row.data,
                row.compression,
                row.content_type,
                dict(row.hints or {}),
                utc(row.fetched_at),
            )
            for row, is_newest in rows
        ]


def pageless_articles(database: Sessions, chosen: PageFilter) -> int:
    """How many chosen articles have no kept page to extract again."""
    kept = exists().where(PageRow.article_id == ArticleRow.id)
    chosen_rows = chosen.where(ArticleRow.fetched_at)
    statement = select(func.count()).select_from(ArticleRow).where(~kept, *chosen_rows)
    with database.reading("counting articles failed") as session:
        return int(session.scalar(statement) or 0)


def site_known(database: Sessions, site: str) -> bool:
    with database.reading("reading sites failed") as session:
        return session.scalar(select(ArticleRow.id).where(ArticleRow.site == site).limit(1)) is not None


def apply_extraction(
    session: Session, page: StoredPage, article: Article, now: datetime, extractor: str
) -> bool:
    """Write `article`, extracted again from `page`, over what its version holds, and record
    the change; False when nothing changed. The newest version is the article row itself
    (and its revision); an older one is only its revision row's text. IntegrityError when
    the new body is another stored article's of the same site: SameBody, and nothing written."""
    row = session.get(ArticleRow, page.article_id)
    revision = session.scalars(
        select(RevisionRow).where(
            and_(RevisionRow.article_id == page.article_id, RevisionRow.version == page.version)
        )
    ).first()
    if row is None:
        return False
    if page.newest:
        before = _values(stored_article(row), EXTRACTED)
        after = _values(article, EXTRACTED)
    elif revision is not None:
        before = {name: getattr(revision, name) for name in REVISION_FIELDS}
        after = _values(article, REVISION_FIELDS)
    else:
        return False
    changed = {name: value for name, value in before.items() if after[name] != value}
    if not changed:
        return False
    try:
        with session.begin_nested():
            if page.newest:
                _update_article(session, row, article)
            if revision is not None:
                revision.headline, revision.body = article.headline, article.body
                revision.content_hash = article.content_hash
            session.add(
                ExtractionChangeRow(
                    article_id=row.id,
                    version=page.version,
                    changed_at=now,
                    newscrawl_version=extractor,
                    before=changed,
                )
            )
            session.flush()
    except IntegrityError:
        session.expire(row)
        raise SameBody(f"{page.url}: extracted again, its body is another stored article's") from None
    return True


def _update_article(session: Session, row: ArticleRow, article: Article) -> None:
    """The article row made what `article` says, but for when it was fetched and its address."""
    fetched = row.fetched_at
    update_row(row, article, fetched)
    row.fetched_at = fetched
    row.published_at, row.published_raw = article.published_at, article.published_raw
    row.published_date, row.published_precision = article.published_date, article.published_precision
    row.tags = tag_links(session, article.tags)


def _values(article: Article, names: tuple[str, ...]) -> dict[str, Any]:
    """The article's `names` as JSON values, instants in UTC, so that equal ones compare equal."""
    data = article.to_json()
    values = {}
    for name in names:
        # A day alone is compared, and recorded, as the day.
        value = getattr(article, _AS_WRITTEN.get(name, name))
        values[name] = utc(value).isoformat() if isinstance(value, datetime) else data[name]  # type: ignore[union-attr]
    return values
