"""Each article version's fetched page, kept compressed, and the changes extracting it again made.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

`pages` holds one row per article version whose page was kept (NEWSCRAWL_KEEP_HTML), with
the Content-Type that decodes it and the listing's hints it was extracted with; a store of
0004 has no pages, and its articles are skipped by `newscrawl reextract` until a revisit
keeps one. `extraction_changes` records what `reextract` changed: the extractor's change,
kept apart from the publisher's revisions.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# SQLite's INTEGER PRIMARY KEY must be spelled INTEGER to autoincrement.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TIME = sa.DateTime(timezone=True)


def _article_id(table: str) -> list[Any]:
    return [
        sa.Column("article_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=f"fk_{table}_article_id_articles", ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    # Each table only when missing, as the earlier revisions do: a store that lost its
    # alembic_version is migrated from the baseline again, over the tables it kept.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "pages" not in existing:
        _create_pages()
    if "extraction_changes" not in existing:
        _create_extraction_changes()


def _create_pages() -> None:
    op.create_table(
        "pages",
        sa.Column("id", _ID, nullable=False),
        *_article_id("pages"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("content_type", sa.Text),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.Column("raw_size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("hints", sa.JSON, nullable=False),
        sa.Column("fetched_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pages"),
        sa.UniqueConstraint("article_id", "version", name="uq_pages_article_id_version"),
    )
    op.create_index("ix_pages_fetched_at", "pages", ["fetched_at"])


def _create_extraction_changes() -> None:
    op.create_table(
        "extraction_changes",
        sa.Column("id", _ID, nullable=False),
        *_article_id("extraction_changes"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("changed_at", _TIME, nullable=False),
        sa.Column("newscrawl_version", sa.String(64), nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_extraction_changes"),
    )
    op.create_index("ix_extraction_changes_article_id", "extraction_changes", ["article_id"])


def downgrade() -> None:
    op.drop_table("extraction_changes")
    op.drop_table("pages")
