"""The schema of newscrawl 0.1 as it was when the migrations began; adopts a store made before.

Revision ID: 0001
Revises:
Create Date: 2026-12-05

The tables are written out here, not taken from models.py: a migration is the schema at its
revision, and the models move on. A database without them gets them; one that an older
newscrawl made (it has `articles` but no alembic_version) gains what it lacks, as every
newscrawl before the migrations did on opening, and keeps its rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newscrawl.store.dialect import index_names
from newscrawl.store.migrations.legacy import adopt

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# SQLite's INTEGER PRIMARY KEY must be spelled INTEGER to autoincrement.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TIME = sa.DateTime(timezone=True)
_BANDS = 4
_BAND_BITS = 16

_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        headline, description, body, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, headline, description, body)
        VALUES (new.id, new.headline, new.description, new.body); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, headline, description, body)
        VALUES ('delete', old.id, old.headline, old.description, old.body); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF headline, description, body
        ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, headline, description, body)
        VALUES ('delete', old.id, old.headline, old.description, old.body);
        INSERT INTO articles_fts(rowid, headline, description, body)
        VALUES (new.id, new.headline, new.description, new.body); END""",
]
_PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(headline, '') || ' ' || coalesce(description, '') || ' ' || "
    "coalesce(body, ''))"
)
_POSTGRES_FTS = [
    f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_document tsvector "
    f"GENERATED ALWAYS AS ({_PG_DOCUMENT}) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search_document ON articles USING gin (search_document)",
    # The expression index of older stores, which the stored column replaced.
    "DROP INDEX IF EXISTS ix_articles_fulltext",
]


def _band_mask(band: int) -> int:
    mask = ((1 << _BAND_BITS) - 1) << (band * _BAND_BITS)
    return mask - (1 << 64) if mask >= 1 << 63 else mask


def baseline() -> sa.MetaData:
    """The tables of revision 0001, as newscrawl's models declared them then."""
    metadata = sa.MetaData(naming_convention=_NAMING)
    runs = sa.Table(
        "crawl_runs",
        metadata,
        sa.Column("id", _ID, primary_key=True),
        sa.Column("spider", sa.String(100), nullable=False),
        sa.Column("source", sa.String(200), index=True),
        sa.Column("start_urls", sa.JSON, nullable=False),
        sa.Column("started_at", _TIME, nullable=False),
        sa.Column("finished_at", _TIME),
        sa.Column("finish_reason", sa.String(100)),
        sa.Column("stats", sa.JSON, nullable=False),
        sa.Column("hostname", sa.String(255)),
        sa.Column("pid", sa.Integer),
        sa.Column("log_path", sa.Text),
        sa.Column("exit_status", sa.Integer),
        sa.Column("error", sa.Text),
    )
    articles = sa.Table(
        "articles",
        metadata,
        sa.Column("id", _ID, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("url_key", sa.Text, nullable=False, unique=True),
        sa.Column("canonical_url", sa.Text),
        sa.Column("site", sa.String(255), nullable=False, index=True),
        sa.Column("section", sa.Text),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("subheadings", sa.JSON, nullable=False),
        sa.Column("caption", sa.Text),
        sa.Column("image_credit", sa.Text),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("published_at", _TIME),
        sa.Column("published_raw", sa.Text),
        sa.Column("published_date", sa.Date),
        sa.Column("modified_at", _TIME),
        sa.Column("modified_raw", sa.Text),
        sa.Column("language", sa.String(16), index=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("simhash", sa.BigInteger, nullable=False),
        sa.Column("fetched_at", _TIME, nullable=False),
        sa.Column("first_seen", _TIME, nullable=False),
        sa.Column("last_seen", _TIME, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.Column("crawl_run_id", _ID, sa.ForeignKey(runs.c.id)),
        sa.Column("listing_date", _TIME),
        sa.Column("revisits", sa.Integer, nullable=False, default=0),
        sa.Column("last_run_id", _ID, sa.ForeignKey(runs.c.id)),
        sa.UniqueConstraint("site", "content_hash"),
        sa.Index("ix_articles_published_at", "published_at"),
        sa.Index("ix_articles_site_published", "site", "published_at"),
    )
    for band in range(_BANDS):
        mask = sa.literal_column(str(_band_mask(band)), sa.BigInteger)
        simhash = articles.c.simhash
        sa.Index(f"ix_articles_simhash_band{band}", simhash.op("&", return_type=sa.BigInteger)(mask), simhash)
    tags = sa.Table(
        "tags",
        metadata,
        sa.Column("id", _ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False, unique=True),
    )

    def article_id() -> sa.Column[int]:
        # Each table's own column: a Column belongs to one table.
        return sa.Column(
            "article_id", _ID, sa.ForeignKey(articles.c.id, ondelete="CASCADE"), nullable=False, index=True
        )

    sa.Table(
        "article_tags",
        metadata,
        sa.Column("article_id", _ID, sa.ForeignKey(articles.c.id, ondelete="CASCADE"), primary_key=True),
        sa.Column("tag_id", _ID, sa.ForeignKey(tags.c.id), primary_key=True, index=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    sa.Table(
        "images",
        metadata,
        sa.Column("id", _ID, primary_key=True),
        article_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("caption", sa.Text),
        sa.Column("credit", sa.Text),
    )
    sa.Table(
        "aliases",
        metadata,
        sa.Column("id", _ID, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("url_key", sa.Text, nullable=False, index=True),
        article_id(),
        sa.Column("reason", sa.String(32), nullable=False),
    )
    sa.Table(
        "revisions",
        metadata,
        sa.Column("id", _ID, primary_key=True),
        article_id(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("modified_at", _TIME),
        sa.Column("fetched_at", _TIME, nullable=False),
        sa.UniqueConstraint("article_id", "version"),
    )
    sa.Table(
        "store_settings",
        metadata,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    sa.Table(
        "listing_state",
        metadata,
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("checked_at", _TIME, nullable=False),
    )
    sa.Table(
        "source_state",
        metadata,
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("interval_seconds", sa.Double, nullable=False),
        sa.Column("next_run_at", _TIME, nullable=False),
        sa.Column("last_run_id", _ID, sa.ForeignKey(runs.c.id)),
        sa.Column("failures", sa.Integer, nullable=False, default=0),
        sa.Column("lease_owner", sa.String(200)),
        sa.Column("lease_until", _TIME),
    )
    return metadata


def upgrade() -> None:
    connection = op.get_bind()
    # One path for both: on an empty database it creates everything; on a store of an
    # older newscrawl it adds only what that one lacks.
    adopt(connection, baseline())
    if connection.dialect.name == "sqlite":
        statements = _SQLITE_FTS
    else:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("articles")}
        # Only when missing: ALTER TABLE and CREATE INDEX lock the table against a crawl's writes.
        done = "search_document" in columns and "ix_articles_search_document" in index_names(
            connection, "articles"
        )
        statements = [] if done else _POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    # Below the baseline is no schema at all; dropping a store's articles is not a migration.
    raise NotImplementedError("0001 is the first revision: there is nothing to go back to")
