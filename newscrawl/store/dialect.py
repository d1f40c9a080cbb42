"""Everything that differs between SQLite and PostgreSQL: full-text search and its schema."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from newscrawl.store.models import ArticleRow

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
_POSTGRES_FTS = [
    """CREATE INDEX IF NOT EXISTS ix_articles_fulltext ON articles USING gin (
        to_tsvector('simple', coalesce(headline, '') || ' ' || coalesce(description, '')
                    || ' ' || coalesce(body, '')))""",
]
_PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(articles.headline, '') || ' ' || "
    "coalesce(articles.description, '') || ' ' || coalesce(articles.body, ''))"
)


# Any number the schema's writers agree on: newscrawl's key for PostgreSQL's advisory lock.
SCHEMA_LOCK = 0x6E657773  # "news"


def lock_schema(connection: Connection) -> None:
    """Hold the schema for this transaction, so that two processes never create it at once.

    PostgreSQL's CREATE ... IF NOT EXISTS is not safe against a concurrent create (it fails on
    a unique index of the catalogue), so an advisory lock serialises the creators. SQLite
    needs nothing: the transaction's BEGIN IMMEDIATE already excludes other writers.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})


def create_search_schema(connection: Connection) -> None:
    """The full-text index of the dialect in use (idempotent)."""
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _POSTGRES_FTS}.get(connection.dialect.name, [])
    for statement in statements:
        connection.execute(text(statement))


def fts5_query(user_query: str) -> str:
    """User text as an FTS5 query of quoted terms: quotes, operators and SQL stay literal."""
    terms = re.findall(r"\w+", user_query, flags=re.UNICODE)
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def search_articles(session: Session, user_query: str, limit: int) -> list[tuple[ArticleRow, str]]:
    """(article, snippet) pairs, best match first; user input is always bound, never spliced."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(user_query)
        if not match:
            return []
        rows = session.execute(
            text(
                "SELECT rowid, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts "
                "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0) "
                "LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        ).all()
        return _with_rows(session, [(int(r[0]), str(r[1])) for r in rows])
    query = func.websearch_to_tsquery("simple", user_query)
    document: ColumnElement[Any] = literal_column(_PG_DOCUMENT)
    statement: Select[Any] = (
        select(
            ArticleRow.id,
            func.ts_headline(
                "simple",
                ArticleRow.body,
                query,
                "StartSel=[, StopSel=], MaxWords=24, MinWords=8",
            ),
        )
        .where(document.op("@@")(query))
        .order_by(func.ts_rank(document, query).desc())
        .limit(limit)
    )
    return _with_rows(session, [(int(r[0]), str(r[1])) for r in session.execute(statement).all()])


def _with_rows(session: Session, hits: list[tuple[int, str]]) -> list[tuple[ArticleRow, str]]:
    rows = {
        row.id: row
        for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_([h[0] for h in hits])))
    }
    return [(rows[i], snippet) for i, snippet in hits if i in rows]
