"""SQLAlchemy 2.x models: articles, their tags, images, aliases, revisions and pages, and crawl runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SQLColumnExpression,
    String,
    Text,
    UniqueConstraint,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints so that migrations and error messages agree on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite's INTEGER PRIMARY KEY must be spelled INTEGER to autoincrement.
Id = BigInteger().with_variant(Integer(), "sqlite")
UtcDateTime = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("site", "content_hash"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_site_published", "site", "published_at"),
        # Source health reads a few recent days of first-stored articles (store/health.py).
        Index("ix_articles_first_seen", "first_seen"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(Text, unique=True)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str] = mapped_column(String(255), index=True)
    section: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str] = mapped_column(Text)
    # The page's other titles by kind (Article.titles); None before revision 0006.
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    subheadings: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The kind of each paragraph of the body (Article.block_kinds); None before revision 0006.
    block_kinds: Mapped[list[str] | None] = mapped_column(JSON)
    caption: Mapped[str | None] = mapped_column(Text)
    image_credit: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A page that gave only a day has published_precision 'date' and published_at that day's
    # start in UTC, which sorts and filters it; 'instant' where it gave a time of day (README).
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    published_raw: Mapped[str | None] = mapped_column(Text)
    published_precision: Mapped[str | None] = mapped_column(String(8))
    published_date: Mapped[date | None] = mapped_column(Date)
    modified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    modified_raw: Mapped[str | None] = mapped_column(Text)
    modified_precision: Mapped[str | None] = mapped_column(String(8))
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    simhash: Mapped[int] = mapped_column(BigInteger)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # Revisit bookkeeping: the listing date that led to the last fetch, and how often the
    # page was fetched again after it was first stored.
    listing_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revisits: Mapped[int] = mapped_column(Integer, default=0)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    tags: Mapped[list[ArticleTag]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleTag.position"
    )
    images: Mapped[list[ImageRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ImageRow.position"
    )
    aliases: Mapped[list[AliasRow]] = relationship(back_populates="article", cascade="all, delete-orphan")
    revisions: Mapped[list[RevisionRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="RevisionRow.version"
    )


# The near-duplicate look-up (nearduplicates.py) reads the 64-bit simhash as two bands of 32
# bits, each indexed by expression: no column to fill in. Two simhashes within 3 bits differ
# in at most 1 bit of one band, so a look-up asks each band for the value and its 32 one-bit
# neighbours. Narrow bands would need no neighbours, but each 16-bit value matches N / 65,536
# stored articles, a cost that grew with the store (15 candidates a band at a million).
SIMHASH_BANDS = 2
SIMHASH_BAND_BITS = 32


def band_mask(band: int) -> int:
    """The bits of band `band`, as a signed 64-bit number (how the simhash column stores them)."""
    mask = ((1 << SIMHASH_BAND_BITS) - 1) << (band * SIMHASH_BAND_BITS)
    return mask - (1 << 64) if mask >= 1 << 63 else mask


def simhash_band(simhash: SQLColumnExpression[int], band: int) -> ColumnElement[int]:
    """A stored simhash with all but band `band` masked off, spelled as its index spells it.

    The mask is a literal, not a bound parameter: SQLite uses an expression index only for
    the very same expression. Python's & on signed numbers gives the same value.
    """
    mask: ColumnElement[int] = literal_column(str(band_mask(band)), BigInteger)
    return simhash.op("&", return_type=BigInteger)(mask)


# The simhash rides along in each index: a look-up compares candidates without reading
# their rows, whose pages are scattered over the table (the rowid, or id, is in every index).
for _band in range(SIMHASH_BANDS):
    _simhash = ArticleRow.__table__.c.simhash
    Index(f"ix_articles_simhash_half{_band}", simhash_band(_simhash, _band), _simhash)


class TagRow(Base):
    """A tag's identity, shared by every article that carries it."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    # The spelling the tag was first stored with; each article keeps its own (ArticleTag.name).
    name: Mapped[str] = mapped_column(Text)
    # Case-folded name: "Vladimir Putin" and "vladimir putin" are one tag.
    key: Mapped[str] = mapped_column(Text, unique=True)


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
    # The tag as this article spells it ("Donald Trump"), where the tag's key groups spellings.
    name: Mapped[str] = mapped_column(Text)

    article: Mapped[ArticleRow] = relationship(back_populates="tags")
    tag: Mapped[TagRow] = relationship(lazy="joined")


class ImageRow(Base):
    __tablename__ = "images"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(Text)

    article: Mapped[ArticleRow] = relationship(back_populates="images")


# The reason of an alias that is the article's canonical on another site (syndication): it
# leads a look-up to the article, but is no identity of it (that site's own copy is another).
CANONICAL = "canonical"


class AliasRow(Base):
    """Another URL that led to a stored article (tracking variant, AMP page, same-body copy)."""

    __tablename__ = "aliases"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    url_key: Mapped[str] = mapped_column(Text, index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))

    article: Mapped[ArticleRow] = relationship(back_populates="aliases")


class RevisionRow(Base):
    """One version of an article's text; the article row always holds the newest."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    headline: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    modified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)

    article: Mapped[ArticleRow] = relationship(back_populates="revisions")


class PageRow(Base):
    """The page one version of an article was extracted from, compressed (keptpage.py)."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    # The response's Content-Type, whose charset decodes the bytes as extraction did.
    content_type: Mapped[str | None] = mapped_column(Text)
    compression: Mapped[str] = mapped_column(String(16))
    raw_size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    hints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class ExtractionChangeRow(Base):
    """What extracting a kept page again changed in a version: the extractor's change, not
    the publisher's (which is a RevisionRow)."""

    __tablename__ = "extraction_changes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    newscrawl_version: Mapped[str] = mapped_column(String(64))
    # The changed fields' values before the change, by field name.
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StoreSettingRow(Base):
    """One value the store keeps about itself, such as the version of the rules its URL keys
    were computed by."""

    __tablename__ = "store_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ListingStateRow(Base):
    """HTTP validators of a feed or sitemap, for conditional requests on the next crawl."""

    __tablename__ = "listing_state"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SourceStateRow(Base):
    """The scheduler's memory of a source: when it runs next and how often it should."""

    __tablename__ = "source_state"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    interval_seconds: Mapped[float] = mapped_column()
    next_run_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # Failed runs in a row: each one doubles the wait before the next, up to max_interval.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    # The scheduler that runs this source now, until when (it renews while its crawl runs).
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CrawlRunRow(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    spider: Mapped[str] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    start_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hostname: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    # Where the crawl's log went (a file of its own under `run` and `schedule`).
    log_path: Mapped[str | None] = mapped_column(Text)
    # Set by `run` and `schedule` once the process has ended: its exit status (exitcodes.py),
    # and, when the stats cannot say why it failed, one line that does (its log's last line).
    exit_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
