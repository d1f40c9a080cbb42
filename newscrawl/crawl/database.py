"""The crawl's handle on storage: one engine per crawler, opened from its settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.crawler import Crawler

from newscrawl.store import open_engine

if TYPE_CHECKING:
    from sqlalchemy import Engine


def crawler_engine(crawler: Crawler) -> Engine:
    """The engine of NEWSCRAWL_DATABASE_URL, shared by every component of this crawler."""
    engine: Engine | None = getattr(crawler, "_newscrawl_engine", None)
    if engine is None:
        engine = open_engine(crawler.settings.get("NEWSCRAWL_DATABASE_URL"))
        crawler._newscrawl_engine = engine  # type: ignore[attr-defined]
    return engine
