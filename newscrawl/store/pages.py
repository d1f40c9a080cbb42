"""Keeping the pages articles were extracted from: one row per article version, never replaced."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.store.dialect import insert_or_skip
from newscrawl.store.models import PageRow

# Pages per INSERT: a few megabytes of compressed pages in one statement at most.
PAGES_PER_STATEMENT = 100


def page_values(article_id: int, version: int, article: Article, now: datetime) -> dict[str, Any] | None:
    """The pages row of `article`'s page as version `version` of the stored article; None
    when the article carries no page (NEWSCRAWL_KEEP_HTML off, or a spider's own item)."""
    page = article.page
    if page is None:
        return None
    return {
        "article_id": article_id,
        "version": version,
        "url": article.url,
        "content_type": page.content_type,
        "compression": page.compression,
        "raw_size": page.raw_size,
        "data": page.data,
        "hints": dict(page.hints),
        "fetched_at": article.fetched_at or now,
    }


def keep_pages(session: Session, rows: Sequence[dict[str, Any] | None]) -> None:
    """Insert the pages of `rows` (None: no page). A version that has its page already keeps
    it: the first page is the one its text was extracted from, and a later fetch whose text
    is unchanged would only churn the table."""
    values = [row for row in rows if row is not None]
    for start in range(0, len(values), PAGES_PER_STATEMENT):
        chunk = values[start : start + PAGES_PER_STATEMENT]
        session.execute(insert_or_skip(session, PageRow, "article_id", "version").values(chunk))
