"""Bringing a store's URL keys up to the rules of this newscrawl (urlkey.KEY_VERSION) on opening.

A key that older rules computed is one no look-up by today's rules finds: the seen-set would
fetch its article again, `articles show URL` would miss it, and the writer would store a second
copy. So the first open by a newer newscrawl computes every key again, from the stored URLs,
inside the open's locked transaction (one process does it, the others find it done). Two rows
whose keys become one are one article: they are merged, their URLs and versions kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session

from newscrawl.store.merge import merge_articles
from newscrawl.store.models import CANONICAL, AliasRow, ArticleRow, StoreSettingRow
from newscrawl.urlkey import KEY_VERSION, InvalidUrl, same_site, url_key

VERSION_SETTING = "url_key_version"
# The version of a store that records none: every newscrawl before the setting existed.
_FIRST_VERSION = 1
_CHUNK = 1000


@dataclass(frozen=True)
class _Change:
    article_id: int
    url: str
    key: str
    # The stored URL that gives way to the fetched one: a canonical on another site.
    syndicated: str | None = None


def stored_key_version(session: Session) -> int:
    value = session.scalar(select(StoreSettingRow.value).where(StoreSettingRow.name == VERSION_SETTING))
    return int(value) if value is not None and value.isdigit() else _FIRST_VERSION


def rekey(connection: Connection) -> int:
    """Re-key a store whose keys are older than KEY_VERSION; the number of articles changed.

    A store that has no article yet is only marked current. One of a newer newscrawl is left
    as it is: its keys are of rules this one does not know.
    """
    with Session(bind=connection) as session:
        has_articles = session.scalar(select(ArticleRow.id).limit(1)) is not None
        version = stored_key_version(session) if has_articles else KEY_VERSION
        if session.get(StoreSettingRow, VERSION_SETTING) is not None and version >= KEY_VERSION:
            return 0
        changes = _article_changes(session) if version < KEY_VERSION else []
        _apply(session, changes)
        _rekey_aliases(session)
        session.merge(StoreSettingRow(name=VERSION_SETTING, value=str(max(version, KEY_VERSION))))
        session.flush()
        return len(changes)


def _key(url: str, old: str) -> str:
    try:
        return url_key(url)
    except InvalidUrl:
        return old


def _article_changes(session: Session) -> list[_Change]:
    """Every article whose stored URL or key the current rules make another, by id."""
    changes: list[_Change] = []
    last = 0
    while True:
        rows = session.execute(
            select(
                ArticleRow.id, ArticleRow.url, ArticleRow.url_key, ArticleRow.site, ArticleRow.canonical_url
            )
            .where(ArticleRow.id > last)
            .order_by(ArticleRow.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return changes
        for article_id, url, key, site, canonical in rows:
            found_at = _found_at(session, article_id, url, site) if url == canonical else None
            new_url = found_at or url
            new_key = _key(new_url, key)
            if new_key != key or new_url != url:
                changes.append(_Change(article_id, new_url, new_key, url if found_at else None))
        last = rows[-1].id


def _found_at(session: Session, article_id: int, url: str, site: str) -> str | None:
    """The URL an article stored under a canonical on another site was fetched at, if known.

    Older newscrawls stored such a syndicated copy under its canonical; the URL it was found
    at is the alias its first store recorded ('variant'), on the article's own site.
    """
    home = f"http://{site}/"
    if same_site(url, home):
        return None
    variants = session.scalars(
        select(AliasRow.url).where(AliasRow.article_id == article_id, AliasRow.reason == "variant")
    )
    return next((v for v in variants if same_site(v, home)), None)


def _apply(session: Session, changes: list[_Change]) -> None:
    if not changes:
        return
    # Out of the way first: a changed row may take the key another changed row gives up. No
    # key has a space (url_key encodes it), so these collide with none.
    session.execute(
        update(ArticleRow), [{"id": c.article_id, "url_key": f" rekey {c.article_id}"} for c in changes]
    )
    for change in changes:
        if change.syndicated is not None:
            _swap_canonical(session, change)
    by_key: dict[str, list[_Change]] = defaultdict(list)
    for change in changes:
        by_key[change.key].append(change)
    holders = _holders(session, list(by_key))
    alone = [group[0] for key, group in by_key.items() if len(group) == 1 and key not in holders]
    if alone:
        session.execute(
            update(ArticleRow), [{"id": c.article_id, "url": c.url, "url_key": c.key} for c in alone]
        )
    for key, group in by_key.items():
        if len(group) == 1 and key not in holders:
            continue
        # One article under several rows: the oldest row takes in the others.
        for change in group:
            session.execute(
                update(ArticleRow).where(ArticleRow.id == change.article_id).values(url=change.url)
            )
        ids = sorted([c.article_id for c in group] + ([holders[key]] if key in holders else []))
        for merged in ids[1:]:
            merge_articles(session, ids[0], merged)
        session.execute(update(ArticleRow).where(ArticleRow.id == ids[0]).values(url_key=key))
    session.expunge_all()


def _holders(session: Session, keys: list[str]) -> dict[str, int]:
    """The unchanged rows that already hold some of `keys`: the articles they are merged into."""
    held: dict[str, int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = session.execute(select(ArticleRow.url_key, ArticleRow.id).where(ArticleRow.url_key.in_(chunk)))
        held.update((key, article_id) for key, article_id in rows)
    return held


def _swap_canonical(session: Session, change: _Change) -> None:
    """The fetched URL becomes the stored one; the canonical on another site an alias of it."""
    assert change.syndicated is not None
    session.execute(delete(AliasRow).where(AliasRow.url == change.url))
    if session.scalar(select(AliasRow.id).where(AliasRow.url == change.syndicated)) is None:
        session.add(
            AliasRow(
                url=change.syndicated,
                url_key=_key(change.syndicated, change.syndicated),
                article_id=change.article_id,
                reason=CANONICAL,
            )
        )
        session.flush()


def _rekey_aliases(session: Session) -> None:
    last = 0
    while True:
        rows = session.execute(
            select(AliasRow.id, AliasRow.url, AliasRow.url_key)
            .where(AliasRow.id > last)
            .order_by(AliasRow.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        stale = [{"id": i, "url_key": k} for i, url, old in rows if (k := _key(url, old)) != old]
        if stale:
            session.execute(update(AliasRow), stale)
        last = rows[-1].id
