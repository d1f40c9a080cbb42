"""What the API and the pages read from the store: pages of articles or hits, one article whole."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newscrawl.article import StoredArticle
from newscrawl.serve.diff import Segment, word_diff
from newscrawl.serve.params import BadInput, Listing
from newscrawl.store import (
    NearDuplicate,
    Revision,
    SearchRefused,
    article_page,
    get_article,
    list_revisions,
    near_duplicates_of,
    search,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class Found:
    """One article of a page, with the snippet of the search that found it (None in a listing)."""

    article: StoredArticle
    snippet: str | None = None


@dataclass
class ResultPage:
    """A page of articles and the cursor of the next one (None on the last page)."""

    items: list[Found]
    next: str | None


def find(engine: Engine, asked: Listing) -> ResultPage:
    """The page of articles `asked` names: search hits best first with q, else newest first."""
    if asked.q is None:
        page = article_page(engine, asked.filters, asked.limit, asked.list_after())
        return ResultPage([Found(a) for a in page.articles], page.next)
    try:
        hits = search(engine, asked.q, asked.limit, filters=asked.filters, after=asked.search_after())
    except SearchRefused as error:
        raise BadInput(str(error)) from None
    return ResultPage([Found(h.article, h.snippet) for h in hits.hits], hits.next)


@dataclass
class Change:
    """What changed from one version of an article to the next."""

    older: Revision
    newer: Revision
    headline: list[Segment]
    body: list[Segment]


@dataclass
class Detail:
    """One article with everything stored about it."""

    article: StoredArticle
    revisions: list[Revision] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    near_duplicates: list[NearDuplicate] = field(default_factory=list)


def detail(engine: Engine, article_id: int) -> Detail | None:
    """The article with this id, its versions and what changed between them, its copies."""
    article = get_article(engine, str(article_id))
    if article is None:
        return None
    versions = list_revisions(engine, article.id)
    changes = [
        Change(older, newer, word_diff(older.headline, newer.headline), word_diff(older.body, newer.body))
        for older, newer in itertools.pairwise(versions)
    ]
    return Detail(article, versions, changes, near_duplicates_of(engine, article.id))
