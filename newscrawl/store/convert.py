"""Conversions between the Article dataclass and its database rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newscrawl.article import Article, Image, StoredArticle
from newscrawl.store.models import ArticleRow, ImageRow, RevisionRow
from newscrawl.urlkey import identity_url


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def article_values(article: Article, now: datetime, run_id: int | None) -> dict[str, Any]:
    """A new article row's columns, for a bulk insert (images, tags and aliases are rows of
    their own, which the writer adds once it knows the article's id)."""
    return {
        # The stored address is the one the publisher calls canonical, when it is on the site
        # the article was found on; the fetched URL becomes an alias when it differs.
        "url": identity_url(article.url, article.canonical_url),
        "url_key": article.url_key,
        "canonical_url": article.canonical_url,
        "site": article.site,
        "section": article.section,
        "headline": article.headline,
        "titles": dict(article.titles),
        "description": article.description,
        "body": article.body,
        "subheadings": list(article.subheadings),
        "block_kinds": list(article.block_kinds),
        "caption": article.caption,
        "image_credit": article.image_credit,
        "authors": list(article.authors),
        "published_at": article.published_at,
        "published_raw": article.published_raw,
        "published_precision": article.published_precision,
        "published_date": article.published_date,
        "modified_at": article.modified_at,
        "modified_raw": article.modified_raw,
        "modified_precision": article.modified_precision,
        "language": article.language,
        "content_hash": article.content_hash,
        "simhash": article.simhash,
        "fetched_at": article.fetched_at or now,
        "first_seen": now,
        "last_seen": now,
        "provenance": dict(article.provenance),
        "crawl_run_id": run_id,
        "last_run_id": run_id,
        "listing_date": article.listing_date,
        "revisits": 0,
    }


def article_row(article: Article, now: datetime, run_id: int | None) -> ArticleRow:
    """A new row (tags and aliases are attached by the writer, which owns tag identity)."""
    return ArticleRow(
        **article_values(article, now, run_id),
        images=[
            ImageRow(position=i, url=image.url, caption=image.caption, credit=image.credit)
            for i, image in enumerate(article.images)
        ],
    )


def revision_values(article: Article, version: int, now: datetime) -> dict[str, Any]:
    return {
        "version": version,
        "headline": article.headline,
        "body": article.body,
        "content_hash": article.content_hash,
        "modified_at": article.modified_at,
        "fetched_at": article.fetched_at or now,
    }


def revision_row(article: Article, version: int, now: datetime) -> RevisionRow:
    return RevisionRow(**revision_values(article, version, now))


def update_row(row: ArticleRow, article: Article, now: datetime) -> None:
    """Bring a stored article up to a newer version of itself (id and first_seen stay)."""
    for name in (
        "section",
        "headline",
        "description",
        "body",
        "caption",
        "image_credit",
        "modified_at",
        "modified_raw",
        "modified_precision",
        "language",
        "content_hash",
        "simhash",
    ):
        setattr(row, name, getattr(article, name))
    row.subheadings = list(article.subheadings)
    row.titles = dict(article.titles)
    row.block_kinds = list(article.block_kinds)
    row.authors = list(article.authors)
    row.provenance = dict(article.provenance)
    row.fetched_at = article.fetched_at or now
    row.images = [
        ImageRow(position=i, url=image.url, caption=image.caption, credit=image.credit)
        for i, image in enumerate(article.images)
    ]


def stored_article(row: ArticleRow) -> StoredArticle:
    return StoredArticle(
        id=row.id,
        url=row.url,
        url_key=row.url_key,
        canonical_url=row.canonical_url,
        site=row.site,
        section=row.section,
        headline=row.headline,
        titles=dict(row.titles or {}),
        description=row.description,
        body=row.body,
        subheadings=list(row.subheadings or []),
        block_kinds=list(row.block_kinds or []),
        images=[Image(url=i.url, caption=i.caption, credit=i.credit) for i in row.images],
        caption=row.caption,
        image_credit=row.image_credit,
        tags=[link.name for link in row.tags],
        authors=list(row.authors or []),
        published_at=utc(row.published_at),
        published_raw=row.published_raw,
        published_precision=row.published_precision,
        published_date=row.published_date,
        modified_at=utc(row.modified_at),
        modified_raw=row.modified_raw,
        modified_precision=row.modified_precision,
        language=row.language,
        content_hash=row.content_hash,
        simhash=row.simhash,
        fetched_at=utc(row.fetched_at),
        provenance=dict(row.provenance or {}),
        aliases=sorted(alias.url for alias in row.aliases),
        first_seen=utc(row.first_seen),
        last_seen=utc(row.last_seen),
    )
