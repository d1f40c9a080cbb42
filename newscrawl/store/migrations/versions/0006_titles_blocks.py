"""Articles keep their other titles by kind and the kind of each body paragraph.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

`titles` (JSON object: structured, seo, social, feed) holds the titles a page declares beside
the headline it displays; `block_kinds` (JSON list) the kind of each paragraph of the body
(paragraph, subheading, item, quote, table), from which the body is written as Markdown.
Articles stored before have neither: their titles are unknown ({}), and their paragraphs are
read as paragraphs and subheadings, which is what they knew (Article.blocks).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMNS = ("titles", "block_kinds")


def upgrade() -> None:
    # Only what the store lacks, as every revision here: a store that lost its alembic_version
    # is taken through them all again.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("articles")}
    for name in _COLUMNS:
        if name not in present:
            op.add_column("articles", sa.Column(name, sa.JSON, nullable=True))


def downgrade() -> None:
    # Plain SQL: SQLite (3.35 and later) drops a column in place, where Alembic's batch mode
    # would copy the table and lose the indexes and triggers it cannot reflect (FTS5, simhash).
    for name in _COLUMNS:
        op.execute(sa.text(f"ALTER TABLE articles DROP COLUMN {name}"))
