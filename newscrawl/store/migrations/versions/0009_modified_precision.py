"""Articles say how precisely their page dated its last change: a day alone, or an instant.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

`modified_precision` is to `modified_at` what `published_precision` (0008) is to
`published_at`, and existing rows are judged the same way, by their raw date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

# A bare ISO day, in the LIKE both backends read the same way ('_' is any one character).
_BARE_DAY = "length(modified_raw) = 10 AND modified_raw LIKE '____-__-__'"


def upgrade() -> None:
    # Only what the store lacks, as every revision here: a store that lost its alembic_version
    # is taken through them all again.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("articles")}
    if "modified_precision" in present:
        return
    op.add_column("articles", sa.Column("modified_precision", sa.String(8), nullable=True))
    op.execute(
        sa.text(
            "UPDATE articles SET modified_precision = "
            f"CASE WHEN {_BARE_DAY} THEN 'date' ELSE 'instant' END WHERE modified_at IS NOT NULL"
        )
    )


def downgrade() -> None:
    # Plain SQL, as in 0008: Alembic's batch mode would copy the table and lose what it cannot
    # reflect (FTS5, simhash triggers).
    op.execute(sa.text("ALTER TABLE articles DROP COLUMN modified_precision"))
