"""Articles are indexed by when they were first stored.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Source health (store/health.py) counts each site's articles of the last weeks by the day they
were first stored, and the end of a run asks which sites it stored articles for: without the
index both read every article of the store, millions of rows, to find a few days' worth.
"""

from __future__ import annotations

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_articles_first_seen", "articles", ["first_seen"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_articles_first_seen", "articles", if_exists=True)
