"""Which articles a listing, an export or a search is about: one set of filters for all of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func

from newscrawl.store.authorfilter import has_author
from newscrawl.store.models import ArticleRow, ArticleTag, TagRow
from newscrawl.textkey import comparable
from newscrawl.urlkey import site_names


@dataclass(frozen=True)
class ArticleFilters:
    """Articles of `site`, published in [since, until), with `tag`, in `language`, in `section`,
    by `author`; an unset filter selects every article. Tag, section and author match without
    regard to case (author: one of the article's authors, the whole name)."""

    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    tag: str | None = None
    language: str | None = None
    section: str | None = None
    author: str | None = None

    def apply(self, statement: Select[Any]) -> Select[Any]:
        """`statement` (a select over articles) narrowed to the matching articles."""
        if self.site:
            statement = statement.where(ArticleRow.site.in_(site_names(self.site)))
        if self.since:
            statement = statement.where(ArticleRow.published_at >= self.since)
        if self.until:
            statement = statement.where(ArticleRow.published_at < self.until)
        if self.language:
            statement = statement.where(ArticleRow.language == self.language.lower())
        if self.section:
            statement = statement.where(func.lower(ArticleRow.section) == self.section.lower())
        if self.author:
            statement = statement.where(has_author(self.author))
        if self.tag:
            key = comparable(self.tag)
            statement = statement.where(ArticleRow.tags.any(ArticleTag.tag.has(TagRow.key == key)))
        return statement


NO_FILTERS = ArticleFilters()


def filter_time(value: str) -> datetime:
    """A `since` or `until` as given: YYYY-MM-DD or ISO 8601, UTC without a zone; ValueError
    with the message to show for anything else."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date (use YYYY-MM-DD or ISO 8601): {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
