"""HTTP validators (ETag, Last-Modified) of feeds and sitemaps, kept between crawls."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from newscrawl.store.models import ListingStateRow


def listing_validators(session: Session, url: str) -> tuple[str | None, str | None]:
    """(etag, last_modified) seen on the last 200 answer for this URL."""
    row = session.get(ListingStateRow, url)
    return (row.etag, row.last_modified) if row else (None, None)


def save_listing_validators(session: Session, url: str, etag: str | None, last_modified: str | None) -> None:
    row = session.get(ListingStateRow, url)
    if row is None:
        row = ListingStateRow(url=url)
        session.add(row)
    row.etag, row.last_modified, row.checked_at = etag, last_modified, datetime.now(UTC)
