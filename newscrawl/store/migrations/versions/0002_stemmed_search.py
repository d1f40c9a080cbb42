"""Search stems words: FTS5 with the porter tokenizer; on PostgreSQL a tsvector in the article's language.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

SQLite: the FTS5 table is made again with `porter unicode61 remove_diacritics 2` (English
stemming, case and diacritics folded) and filled from the articles table, so a store whose
FTS table was missing or empty gets every article back into it. Its content option is written
content="articles", in double quotes: Datasette finds a table's full-text index by that spelling
(its detect_fts), and then searches the SQLite file as it is. PostgreSQL: the stored
document, until now parsed in 'simple' (no stemming), is replaced by one parsed in the text
search configuration of the article's language, which is stored beside it (search_config)
so that a query is stemmed the same way; a GIN index over the document, as before.
Both rewrite the index over every article once.
"""

from __future__ import annotations

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_SQLITE = [
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TABLE IF EXISTS articles_fts",
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        headline, description, body, content="articles", content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, headline, description, body)
        VALUES (new.id, new.headline, new.description, new.body); END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, headline, description, body)
        VALUES ('delete', old.id, old.headline, old.description, old.body); END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, description, body
        ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, headline, description, body)
        VALUES ('delete', old.id, old.headline, old.description, old.body);
        INSERT INTO articles_fts(rowid, headline, description, body)
        VALUES (new.id, new.headline, new.description, new.body); END""",
    # An external-content table starts empty: 'rebuild' reads every article into it.
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]

# The stored language code (a primary subtag, 'en'; older rows may say 'en-GB') to the
# Snowball configurations of PostgreSQL 13 and newer; the rest are 'simple'. Written out here,
# as a migration is the schema at its revision; newscrawl.store.searchexpr.PG_CONFIGS is the
# same table, which a test checks.
CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
_CONFIG = (
    "CASE lower(split_part(replace(language, '_', '-'), '-', 1)) "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items())
    + " ELSE 'simple'::regconfig END"
)
_TEXT = "coalesce(headline, '') || ' ' || coalesce(description, '') || ' ' || coalesce(body, '')"
_POSTGRES = [
    # Dropping the column drops its index; the expression index is that of pre-0001 stores.
    # search_config too, if there: a store at head whose alembic_version was lost is adopted
    # by 0001 as one from before the migrations, and then comes here.
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_document, DROP COLUMN IF EXISTS search_config",
    "DROP INDEX IF EXISTS ix_articles_fulltext",
    # A generated column cannot read another: the configuration is spelled out in both.
    f"ALTER TABLE articles ADD COLUMN search_config regconfig GENERATED ALWAYS AS ({_CONFIG}) STORED, "
    f"ADD COLUMN search_document tsvector GENERATED ALWAYS AS (to_tsvector({_CONFIG}, {_TEXT})) STORED",
    "CREATE INDEX ix_articles_search_document ON articles USING gin (search_document)",
]


def upgrade() -> None:
    statements = _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("newscrawl's migrations go forward only")
