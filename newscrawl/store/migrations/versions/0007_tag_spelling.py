"""Each article keeps its own spelling of a tag.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

`tags` keys one row per tag (its case-folded `key` groups "Donald Trump" and "donald trump",
and the `--tag` filter matches it); `article_tags.name` is the tag as that article spells it.
Before, every article showed the spelling of the first one stored with the tag: the links
stored before get that spelling, the only one the store knew.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Only what the store lacks, as every revision here: a store that lost its alembic_version
    # is taken through them all again.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("article_tags")}
    if "name" in present:
        return
    spelling = "SELECT tags.name FROM tags WHERE tags.id = article_tags.tag_id"
    if op.get_bind().dialect.name != "sqlite":
        op.add_column("article_tags", sa.Column("name", sa.Text, nullable=True))
        op.execute(sa.text(f"UPDATE article_tags SET name = ({spelling})"))
        op.alter_column("article_tags", "name", existing_type=sa.Text, nullable=False)
        return
    # SQLite cannot make a column NOT NULL in place: the table is made again, as declared here
    # (Alembic's batch mode reflects it, and writes its constraints in no fixed order, so that
    # two stores would differ in their CREATE TABLE). It has no trigger or expression index.
    _article_tags("_article_tags_new")
    op.execute(
        sa.text(
            "INSERT INTO _article_tags_new (article_id, tag_id, position, name) "
            f"SELECT article_id, tag_id, position, ({spelling}) FROM article_tags"
        )
    )
    op.drop_index("ix_article_tags_tag_id", "article_tags")
    op.drop_table("article_tags")
    op.rename_table("_article_tags_new", "article_tags")
    op.create_index("ix_article_tags_tag_id", "article_tags", ["tag_id"])


def _article_tags(name: str) -> None:
    """article_tags as 0001 made it, with the column this revision adds, under `name`."""
    key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        name,
        sa.Column("article_id", key, nullable=False),
        sa.Column("tag_id", key, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "tag_id", name="pk_article_tags"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_tags_article_id_articles", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name="fk_article_tags_tag_id_tags"),
    )


def downgrade() -> None:
    # Plain SQL: SQLite (3.35 and later) drops a column in place.
    op.execute(sa.text("ALTER TABLE article_tags DROP COLUMN name"))
