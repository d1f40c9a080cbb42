"""HTTP validators (ETag, Last-Modified) of feeds and sitemaps, kept between crawls."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.store.db import session_factory
from newscrawl.store.errors import StoreError, database_reason
from newscrawl.store.models import ListingStateRow


def listing_validators(engine: Engine, url: str) -> tuple[str | None, str | None]:
    """(etag, last_modified) seen on the last 200 answer for this URL; StoreError if unknowable."""
    try:
        with session_factory(engine, reads=True)() as session:
            row = session.get(ListingStateRow, url)
            return (row.etag, row.last_modified) if row else (None, None)
    except SQLAlchemyError as error:
        raise StoreError(f"reading validators of {url} failed: {database_reason(error)}") from error


def save_listing_validators(engine: Engine, url: str, etag: str | None, last_modified: str | None) -> None:
    try:
        with session_factory(engine).begin() as session:
            row = session.get(ListingStateRow, url)
            if row is None:
                row = ListingStateRow(url=url)
                session.add(row)
            row.etag, row.last_modified, row.checked_at = etag, last_modified, datetime.now(UTC)
    except SQLAlchemyError as error:
        raise StoreError(f"saving validators of {url} failed: {database_reason(error)}") from error
