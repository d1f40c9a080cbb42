"""Articles say how precisely their page dated them: a day alone, or an instant.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

`published_precision` is 'date' where the page gave only a day ("2024-03-14"): `published_at`
then holds that day's start in UTC, which sorts and filters it among the others, and is no
instant; 'instant' where the page gave a time of day. Articles stored before are judged by
their raw date: one written as a bare ISO day (YYYY-MM-DD) gets 'date', any other 'instant'
(a day written in words is known only by extracting its kept page again: `newscrawl reextract`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

# A bare ISO day, in the LIKE both backends read the same way ('_' is any one character).
_BARE_DAY = "length(published_raw) = 10 AND published_raw LIKE '____-__-__'"


def upgrade() -> None:
    # Only what the store lacks, as every revision here: a store that lost its alembic_version
    # is taken through them all again.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("articles")}
    if "published_precision" in present:
        return
    op.add_column("articles", sa.Column("published_precision", sa.String(8), nullable=True))
    op.execute(
        sa.text(
            "UPDATE articles SET published_precision = "
            f"CASE WHEN {_BARE_DAY} THEN 'date' ELSE 'instant' END WHERE published_at IS NOT NULL"
        )
    )


def downgrade() -> None:
    # Plain SQL: SQLite (3.35 and later) drops a column in place, where Alembic's batch mode
    # would copy the table and lose the indexes and triggers it cannot reflect (FTS5, simhash).
    op.execute(sa.text("ALTER TABLE articles DROP COLUMN published_precision"))
