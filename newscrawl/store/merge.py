"""Merging two stored rows that turn out to be one article, losing none of their URLs or versions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.store.convert import utc
from newscrawl.store.models import AliasRow, ArticleRow, ArticleTag, ImageRow, RevisionRow
from newscrawl.urlkey import InvalidUrl, url_key

# What a row holds of its newest version (convert.update_row writes the same fields).
_CONTENT = (
    "section",
    "headline",
    "titles",
    "description",
    "body",
    "subheadings",
    "block_kinds",
    "caption",
    "image_credit",
    "authors",
    "modified_at",
    "modified_raw",
    "modified_precision",
    "language",
    "content_hash",
    "simhash",
    "provenance",
    "fetched_at",
)
_REVISION = ("headline", "body", "content_hash", "modified_at", "fetched_at")


def _key(url: str, fallback: str) -> str:
    try:
        return url_key(url)
    except InvalidUrl:
        return fallback


def merge_articles(session: Session, keeper_id: int, merged_id: int) -> None:
    """Fold article `merged_id` into `keeper_id`, which keeps its id, URL and key.

    The merged article's URL and aliases become the keeper's aliases, its versions join the
    keeper's in the order they were fetched, and the newer of the two is what the row shows.
    """
    keeper, merged = session.get(ArticleRow, keeper_id), session.get(ArticleRow, merged_id)
    assert keeper is not None and merged is not None, "both rows were just read"
    for alias in list(merged.aliases):
        alias.article = keeper
    versions = sorted(
        [{name: getattr(r, name) for name in _REVISION} for r in [*keeper.revisions, *merged.revisions]],
        key=lambda v: (utc(v["fetched_at"]), v["content_hash"]),
    )
    newer = utc(merged.fetched_at) > utc(keeper.fetched_at)  # type: ignore[operator]
    content = {name: getattr(merged if newer else keeper, name) for name in _CONTENT}
    tags = [(link.tag, link.name) for link in (merged if newer else keeper).tags]
    images = [(i.url, i.caption, i.credit) for i in (merged if newer else keeper).images]
    keeper.first_seen = min(keeper.first_seen, merged.first_seen, key=utc)  # type: ignore[arg-type]
    keeper.last_seen = max(keeper.last_seen, merged.last_seen, key=utc)  # type: ignore[arg-type]
    listed = [d for d in (utc(keeper.listing_date), utc(merged.listing_date)) if d is not None]
    keeper.listing_date = max(listed, default=None)
    keeper.revisits += merged.revisits + 1
    merged_url, merged_key = merged.url, _key(merged.url, keeper.url_key)
    keeper.revisions = []
    keeper.tags = []
    keeper.images = []
    session.flush()
    # Gone before the keeper takes its text: (site, content_hash) is unique.
    session.delete(merged)
    session.flush()
    for name, value in content.items():
        setattr(keeper, name, value)
    keeper.tags = [ArticleTag(position=i, tag=tag, name=name) for i, (tag, name) in enumerate(tags)]
    keeper.images = [ImageRow(position=i, url=u, caption=c, credit=r) for i, (u, c, r) in enumerate(images)]
    keeper.revisions = [RevisionRow(version=n, **v) for n, v in enumerate(versions, start=1)]
    known = session.scalar(select(AliasRow.id).where(AliasRow.url == merged_url)) is not None
    if merged_url != keeper.url and not known:
        keeper.aliases.append(AliasRow(url=merged_url, url_key=merged_key, reason="merged"))
    session.flush()
