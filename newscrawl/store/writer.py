"""Writing articles: one transaction per batch, the database's unique keys decide duplicates."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, literal, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.extraction.tags import clean_declared
from newscrawl.extraction.text import comparable
from newscrawl.store.convert import article_row, revision_row, update_row, utc
from newscrawl.store.db import session_factory
from newscrawl.store.errors import StoreError, database_reason
from newscrawl.store.models import CANONICAL, AliasRow, ArticleRow, ArticleTag, TagRow
from newscrawl.urlkey import InvalidUrl, identity_url, same_site, url_key


class Outcome(enum.Enum):
    STORED = "stored"
    DUPLICATE_URL = "duplicate_url"
    DUPLICATE_CONTENT = "duplicate_content"
    # A stored article fetched again by a later run: its text changed, or it did not.
    REVISED = "revised"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FetchState:
    """What the revisit policy needs to know about a stored article."""

    article_id: int
    fetched_at: datetime
    published_at: datetime | None
    listing_date: datetime | None
    revisits: int
    # Known through an alias (a tracking variant, a same-body copy): not the article's own URL.
    # The revisit policy treats both alike; the article's own key wins where both match.
    alias: bool = False


@dataclass(frozen=True)
class SaveResult:
    url: str
    outcome: Outcome
    article_id: int


class ArticleWriter:
    """Saves batches of articles; safe to share between crawl workers of one database."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = session_factory(engine)
        self._reads = session_factory(engine, reads=True)

    def save(self, articles: Sequence[Article], run_id: int | None = None) -> list[SaveResult]:
        """Store a batch in one transaction; a duplicate becomes an alias of what is stored."""
        if not articles:
            return []
        now = datetime.now(UTC)
        try:
            with self._sessions.begin() as session:
                return [self._save_one(session, article, now, run_id) for article in articles]
        except SQLAlchemyError as error:
            raise StoreError(f"writing {len(articles)} articles failed: {database_reason(error)}") from error

    def _save_one(self, session: Session, article: Article, now: datetime, run_id: int | None) -> SaveResult:
        article = _keyed(article)
        for _attempt in range(2):
            existing = self._find_existing(session, article)
            if existing is not None:
                row, outcome = existing
                row.last_seen = now
                # Whichever URL of the article was fetched, it was fetched as of its listing
                # date. Only forward: an alias listed with an older date must not bring the
                # article back on the next run, nor one with a newer date that was just fetched.
                row.listing_date = max(
                    (d for d in (utc(row.listing_date), article.listing_date) if d is not None), default=None
                )
                if outcome is Outcome.DUPLICATE_URL and row.last_run_id != run_id:
                    outcome = self._refetched(session, row, article, now, run_id)
                self._alias(session, row, article, outcome.value)
                return SaveResult(article.url, outcome, row.id)
            try:
                with session.begin_nested():
                    row = article_row(article, now, run_id)
                    row.tags = self._tags(session, article.tags)
                    row.revisions = [revision_row(article, 1, now)]
                    session.add(row)
                    session.flush()
                    self._alias(session, row, article, "variant")
                return SaveResult(article.url, Outcome.STORED, row.id)
            except IntegrityError:
                # Another worker stored the same article between our look-up and insert.
                continue
        raise StoreError(f"could not store {article.url}: keys keep conflicting")

    def _refetched(
        self, session: Session, row: ArticleRow, article: Article, now: datetime, run_id: int | None
    ) -> Outcome:
        """A later run fetched a stored article again: keep a new version if its text changed."""
        row.revisits += 1
        row.last_run_id = run_id
        if (
            comparable(article.headline) == comparable(row.headline)
            and article.content_hash == row.content_hash
        ):
            return Outcome.UNCHANGED
        version = len(row.revisions) + 1
        update_row(row, article, now)
        row.tags = self._tags(session, article.tags)
        row.revisions.append(revision_row(article, version, now))
        session.flush()
        return Outcome.REVISED

    def _tags(self, session: Session, names: list[str]) -> list[ArticleTag]:
        return [
            ArticleTag(position=i, tag=self._tag(session, n)) for i, n in enumerate(clean_declared(names))
        ]

    def _find_existing(self, session: Session, article: Article) -> tuple[ArticleRow, Outcome] | None:
        by_key = session.scalars(select(ArticleRow).where(ArticleRow.url_key == article.url_key)).first()
        if by_key is not None:
            return by_key, Outcome.DUPLICATE_URL
        # A canonical on another site names another publisher's article, which is its own.
        alias = session.scalars(
            select(AliasRow).where(AliasRow.url_key == article.url_key, AliasRow.reason != CANONICAL).limit(1)
        ).first()
        if alias is not None:
            return alias.article, Outcome.DUPLICATE_URL
        by_body = session.scalars(
            select(ArticleRow).where(
                ArticleRow.site == article.site, ArticleRow.content_hash == article.content_hash
            )
        ).first()
        if by_body is not None:
            return by_body, Outcome.DUPLICATE_CONTENT
        return None

    def _alias(self, session: Session, row: ArticleRow, article: Article, reason: str) -> None:
        """The URLs that led to `row` through `article`: the fetched one, and its canonical.

        A canonical on another site is kept for look-ups only (reason CANONICAL); a URL that
        cannot be keyed is no address of anything and is left out.
        """
        urls = {article.url: reason}
        if article.canonical_url:
            syndicated = not same_site(article.url, article.canonical_url)
            urls.setdefault(article.canonical_url, CANONICAL if syndicated else reason)
        for url, why in urls.items():
            if url == row.url:
                continue
            try:
                key = url_key(url)
            except InvalidUrl:
                continue
            if session.scalars(select(AliasRow.id).where(AliasRow.url == url)).first():
                continue
            try:
                with session.begin_nested():
                    session.add(AliasRow(url=url, url_key=key, article_id=row.id, reason=why))
                    session.flush()
            except IntegrityError:
                continue

    def _tag(self, session: Session, name: str) -> TagRow:
        key = comparable(name)
        tag = session.scalars(select(TagRow).where(TagRow.key == key)).first()
        if tag is not None:
            return tag
        try:
            with session.begin_nested():
                tag = TagRow(name=name, key=key)
                session.add(tag)
                session.flush()
                return tag
        except IntegrityError:
            return session.scalars(select(TagRow).where(TagRow.key == key)).one()

    def fetch_states(self, keys: Iterable[str]) -> dict[str, FetchState]:
        """The stored article behind each known URL key (its own key or an alias).

        Raises StoreError when the database cannot answer.
        """
        try:
            return self._fetch_states(keys)
        except SQLAlchemyError as error:
            raise StoreError(f"looking up stored URLs failed: {database_reason(error)}") from error

    def _fetch_states(self, keys: Iterable[str]) -> dict[str, FetchState]:
        wanted = list(set(keys))
        found: dict[str, FetchState] = {}
        columns = (
            ArticleRow.id,
            ArticleRow.fetched_at,
            ArticleRow.published_at,
            ArticleRow.listing_date,
            ArticleRow.revisits,
        )
        with self._reads() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                own = select(ArticleRow.url_key, *columns, literal(False)).where(
                    ArticleRow.url_key.in_(chunk)
                )
                aliased = (
                    select(AliasRow.url_key, *columns, literal(True))
                    .join(ArticleRow, AliasRow.article_id == ArticleRow.id)
                    .where(AliasRow.url_key.in_(chunk), AliasRow.reason != CANONICAL)
                )
                for key, article_id, fetched, published, listed, revisits, alias in session.execute(
                    own.union_all(aliased)
                ):
                    state = FetchState(
                        article_id,
                        utc(fetched) or fetched,
                        utc(published),
                        utc(listed),
                        revisits,
                        bool(alias),
                    )
                    # The article's own key wins over an alias that normalises to the same key.
                    if key not in found or found[key].alias:
                        found[key] = state
        return found


def _keyed(article: Article) -> Article:
    """`article` with the key of the URL it is stored under, by this newscrawl's rules, and
    without a canonical that is no URL (the page's mistake, which costs it nothing else).

    Computed here rather than trusted: a spill file written by an older newscrawl, or a
    spider's own item, may carry a key of other rules, which no later look-up would find.
    """
    canonical = article.canonical_url
    if canonical is not None:
        try:
            url_key(canonical)
        except InvalidUrl:
            canonical = None
    try:
        key = url_key(identity_url(article.url, canonical))
    except InvalidUrl:
        key = article.url_key
    if (key, canonical) == (article.url_key, article.canonical_url):
        return article
    return dataclasses.replace(article, url_key=key, canonical_url=canonical)
