"""The shapes of the API's answers, for its OpenAPI description (the routes build them as dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, get_type_hints

from pydantic import BaseModel, create_model

from newscrawl.article import StoredArticle
from newscrawl.store import DayCoverage, Revision, SourceHealth


@dataclass(kw_only=True)
class ServedArticle(StoredArticle):
    """A stored article as the API writes it: `published_at` and `modified_at` are a date where
    the page gave only a day (their precision "date"), an instant otherwise (Article.published)."""

    published_at: datetime | date | None = None  # type: ignore[assignment]
    modified_at: datetime | date | None = None  # type: ignore[assignment]


@dataclass(kw_only=True)
class FoundArticle(ServedArticle):
    """A stored article; in search results with the text around the match ([ ] mark the words)."""

    snippet: str | None = None


class Articles(BaseModel):
    articles: list[FoundArticle]
    # The cursor of the next page; null on the last.
    next: str | None


class NearDuplicate(BaseModel):
    id: int
    relation: str
    url: str
    site: str
    headline: str


@dataclass(kw_only=True)
class ArticleDetail(ServedArticle):
    """A stored article with its versions, oldest first, and its stored copies."""

    revisions: list[Revision] = field(default_factory=list)
    near_duplicates: list[NearDuplicate] = field(default_factory=list)


class Run(BaseModel):
    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None
    result: str
    reason: str | None
    finish_reason: str | None
    exit_status: int | None
    pages: int
    stored: int
    duplicates: int
    errors: int
    hostname: str | None
    pid: int | None
    log_path: str | None


class Runs(BaseModel):
    runs: list[Run]


# A site's coverage (SourceHealth's fields), and `judged`: whether it has enough articles for
# a drop to be flagged (a property there, a field here).
_FIELDS: dict[str, Any] = {name: (kind, ...) for name, kind in get_type_hints(SourceHealth).items()}
Source = create_model("Source", judged=(bool, ...), **_FIELDS)


class Sources(BaseModel):
    sources: list[Source]  # type: ignore[valid-type]


class Coverage(BaseModel):
    site: str
    days: list[DayCoverage]


class Error(BaseModel):
    error: str


# For the routes' `responses`: what each error status answers with.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Error, "description": why}
    for status, why in (
        (400, "a value no store could answer: a bad cursor, date or search query"),
        (422, "a parameter of the wrong type or size"),
        (503, "the database did not answer, or the search took too long"),
    )
}
