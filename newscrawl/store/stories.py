"""Stories: the stored copies of one story, linked by their `near_duplicate_of` provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from newscrawl.article import StoredArticle
from newscrawl.store.db import session_factory
from newscrawl.store.filters import NO_FILTERS, ArticleFilters
from newscrawl.store.models import ArticleRow
from newscrawl.store.queries import filtered_articles, loaded_articles

# URL keys per IN list.
CHUNK = 500
# Filtered article ids read per statement while stories are gathered for a page of them.
PAGE = 1000

# The URL key of the article a near-duplicate was found to copy (crawl/dedup.py records it).
_COPY_OF = ArticleRow.provenance["near_duplicate_of"].as_string()

Relation = Literal["copy of", "copied by", "same story"]


@dataclass
class Stories:
    """Every stored link between copies, as stories: each article with copies maps to its
    story's first article (the lowest id: the first stored), which stands for the story."""

    first: dict[int, int] = field(default_factory=dict)
    copy_of: dict[int, int] = field(default_factory=dict)
    copies: dict[int, list[int]] = field(default_factory=dict)

    def story(self, article_id: int) -> int:
        """The id of the first article of `article_id`'s story (itself when it has no copies)."""
        return self.first.get(article_id, article_id)

    def members(self, article_id: int) -> list[int]:
        """The ids of every copy of `article_id`'s story, itself included, oldest first."""
        return self.copies.get(self.story(article_id), [article_id])

    def relation(self, article_id: int, other: int) -> Relation:
        """How `other` is linked to `article_id`: the one it copies, one copying it, or a sibling."""
        if self.copy_of.get(article_id) == other:
            return "copy of"
        if self.copy_of.get(other) == article_id:
            return "copied by"
        return "same story"


def read_stories(session: Session) -> Stories:
    """The stories of the store, from one read of the articles marked as copies.

    The mark is a key in the provenance JSON, which has no index: the read is one pass over
    the articles table, its result only the copies (a small share). Copies
    link to the closest stored one, which may itself be a copy, and a page fetched again may
    link back to its own copy: a story is the connected set, whatever the links' direction.
    """
    marked = [
        (article_id, key)
        for article_id, key in session.execute(select(ArticleRow.id, _COPY_OF).where(_COPY_OF.is_not(None)))
        if key
    ]
    keys = sorted({key for _id, key in marked})
    ids: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        rows = session.execute(
            select(ArticleRow.url_key, ArticleRow.id).where(
                ArticleRow.url_key.in_(keys[start : start + CHUNK])
            )
        )
        ids.update((key, article_id) for key, article_id in rows)
    parent: dict[int, int] = {}

    def root(article_id: int) -> int:
        while parent.get(article_id, article_id) != article_id:
            parent[article_id] = parent.get(parent[article_id], parent[article_id])
            article_id = parent[article_id]
        return article_id

    stories = Stories()
    for article_id, key in marked:
        # A copy whose original is gone (or not stored) stands alone.
        if (original := ids.get(key)) is None or original == article_id:
            continue
        stories.copy_of[article_id] = original
        a, b = root(article_id), root(original)
        # The lower id becomes the root: the story is named after its first stored copy.
        parent[max(a, b)] = min(a, b)
        parent.setdefault(min(a, b), min(a, b))
        parent.setdefault(article_id, article_id)
        parent.setdefault(original, original)
    stories.first = {article_id: root(article_id) for article_id in sorted(parent)}
    for article_id, story in stories.first.items():
        stories.copies.setdefault(story, []).append(article_id)
    return stories


@dataclass
class NearDuplicate:
    article: StoredArticle
    relation: Relation


def near_duplicates_of(engine: Engine, article_id: int) -> list[NearDuplicate]:
    """The other stored copies of `article_id`'s story, oldest first, each with its link."""
    with session_factory(engine, reads=True)() as session:
        stories = read_stories(session)
    others = [a for a in stories.members(article_id) if a != article_id]
    found = loaded_articles(engine, others)
    return [NearDuplicate(found[a], stories.relation(article_id, a)) for a in others if a in found]


@dataclass
class Story:
    first: StoredArticle
    copies: int
    article_ids: list[int]


def list_stories(
    engine: Engine,
    filters: ArticleFilters = NO_FILTERS,
    *,
    limit: int | None = 50,
) -> list[Story]:
    """One row per story among the articles the filters select, ordered by its newest such
    article; each with its first article and its count of stored copies (all of them, also
    those the filters leave out: a syndicated story's copies are on other sites)."""
    statement = filtered_articles(filters)
    ids = statement.with_only_columns(ArticleRow.id)
    order: dict[int, None] = {}
    with session_factory(engine, reads=True)() as session:
        stories = read_stories(session)
        offset = 0
        while limit is None or len(order) < limit:
            page = list(session.scalars(ids.offset(offset).limit(PAGE)))
            for article_id in page:
                order.setdefault(stories.story(article_id), None)
            if len(page) < PAGE:
                break
            offset += PAGE
    firsts = list(order)[:limit] if limit is not None else list(order)
    found = loaded_articles(engine, firsts)
    result = []
    for first in firsts:
        if first in found:
            members = stories.members(first)
            result.append(Story(found[first], len(members), members))
    return result
