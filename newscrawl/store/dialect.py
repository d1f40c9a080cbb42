"""Everything that differs between SQLite and PostgreSQL: full-text search and its schema."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, inspect, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from newscrawl.store.errors import SearchTimedOut
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
# PostgreSQL keeps each article's document as a stored tsvector: ranking reads it instead of
# parsing the whole text again for every matching row, which made a common word cost seconds.
_PG_DOCUMENT_COLUMN = "search_document"
_PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(headline, '') || ' ' || coalesce(description, '') || ' ' || "
    "coalesce(body, ''))"
)
_POSTGRES_FTS = [
    f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {_PG_DOCUMENT_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({_PG_DOCUMENT}) STORED",
    f"CREATE INDEX IF NOT EXISTS ix_articles_{_PG_DOCUMENT_COLUMN} ON articles "
    f"USING gin ({_PG_DOCUMENT_COLUMN})",
    # The expression index of older databases, which the stored column replaces.
    "DROP INDEX IF EXISTS ix_articles_fulltext",
]
# PostgreSQL's code for a statement cancelled by statement_timeout.
_QUERY_CANCELED = "57014"
# SQLite calls the deadline check every this many virtual machine instructions. FTS5 does its
# work inside few of them: a common word over 2,000 articles is some 30,000, and one of a
# pathological query took 2 ms. A check costs a fraction of a microsecond.
_SQLITE_CHECK_EVERY = 100


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
    """The full-text index of the dialect in use; does nothing where it is in place already."""
    if connection.dialect.name == "sqlite":
        statements = _SQLITE_FTS
    elif connection.dialect.name == "postgresql" and not _has_pg_document(connection):
        # Only when missing: ALTER TABLE and CREATE INDEX lock the table against the writes
        # of a running crawl, and every command opens the database.
        statements = _POSTGRES_FTS
    else:
        statements = []
    for statement in statements:
        connection.execute(text(statement))


def _has_pg_document(connection: Connection) -> bool:
    inspector = inspect(connection)
    columns = {c["name"] for c in inspector.get_columns("articles")}
    indexes = {i["name"] for i in inspector.get_indexes("articles")}
    return _PG_DOCUMENT_COLUMN in columns and f"ix_articles_{_PG_DOCUMENT_COLUMN}" in indexes


def index_names(connection: Connection, table: str) -> set[str]:
    """Names of the indexes on `table`, from the catalogue: the inspector of some versions
    skips SQLite's expression indexes, which are indexes all the same."""
    if connection.dialect.name == "sqlite":
        found = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :table"),
            {"table": table},
        )
    else:
        found = connection.execute(
            text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :table"
            ),
            {"table": table},
        )
    return {str(name) for (name,) in found}


def fts5_query(terms: list[str]) -> str:
    """Words as an FTS5 query of quoted terms, all required: quotes, operators, SQL stay literal."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


@contextmanager
def time_limit(session: Session, seconds: float) -> Iterator[None]:
    """The session's statements inside stop after `seconds`, raising SearchTimedOut."""
    if session.get_bind().dialect.name != "sqlite":
        # SET LOCAL lasts until this transaction ends; the server itself cancels the
        # statement, so a search whose client went away does not run on.
        session.execute(text(f"SET LOCAL statement_timeout = {max(1, math.ceil(seconds * 1000))}"))
        try:
            yield
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) == _QUERY_CANCELED:
                raise SearchTimedOut(_timed_out(seconds)) from error
            raise
        return
    # SQLite has no statement timeout: a progress handler aborts the running statement once
    # the deadline has passed, and SQLite then raises "interrupted".
    connection = session.connection().connection.driver_connection
    assert connection is not None, "a connection in use has its driver's connection"
    deadline = time.monotonic() + seconds
    expired = False

    def past_deadline() -> bool:
        nonlocal expired
        expired = time.monotonic() > deadline
        return expired

    connection.set_progress_handler(past_deadline, _SQLITE_CHECK_EVERY)
    try:
        yield
    except OperationalError as error:
        if expired:
            raise SearchTimedOut(_timed_out(seconds)) from error
        raise
    finally:
        connection.set_progress_handler(None, 0)


def _timed_out(seconds: float) -> str:
    return f"search took longer than {seconds:g} s and was stopped; use fewer or rarer words"


def search_articles(
    session: Session, query: str, terms: list[str], limit: int
) -> list[tuple[ArticleRow, str]]:
    """(article, snippet) pairs, best match first; user input is always bound, never spliced.

    `query` is the cleaned text (PostgreSQL reads its phrases, OR and -word), `terms` its
    distinct words (all of which SQLite looks for).
    """
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(
            text(
                "SELECT rowid, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts "
                "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0) "
                "LIMIT :limit"
            ),
            {"match": fts5_query(terms), "limit": limit},
        ).all()
        return _with_rows(session, [(int(r[0]), str(r[1])) for r in rows])
    tsquery = func.websearch_to_tsquery("simple", query)
    # The snippet shows where any of the words occur: the query itself (a word repeated, a
    # phrase of many) made ts_headline cost ten times more per article, for the same passage.
    words: list[ColumnElement[Any]] = [func.plainto_tsquery("simple", term) for term in terms]
    highlight = functools.reduce(lambda left, right: left.op("||")(right), words)
    document: ColumnElement[Any] = literal_column(f"articles.{_PG_DOCUMENT_COLUMN}")
    statement: Select[Any] = (
        select(
            ArticleRow.id,
            func.ts_headline(
                "simple",
                ArticleRow.body,
                highlight,
                "StartSel=[, StopSel=], MaxWords=24, MinWords=8",
            ),
        )
        .where(document.op("@@")(tsquery))
        .order_by(func.ts_rank(document, tsquery).desc())
        .limit(limit)
    )
    return _with_rows(session, [(int(r[0]), str(r[1])) for r in session.execute(statement).all()])


def _with_rows(session: Session, hits: list[tuple[int, str]]) -> list[tuple[ArticleRow, str]]:
    rows = {
        row.id: row
        for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_([h[0] for h in hits])))
    }
    return [(rows[i], snippet) for i, snippet in hits if i in rows]


def insert_or_skip(session: Session, table: Any, *conflict_on: str) -> postgresql.Insert | sqlite.Insert:
    """INSERT ... ON CONFLICT DO NOTHING, in the dialect of the session's database.

    `conflict_on` names the columns of the unique key a row may collide with; none means any
    unique key. Both backends spell it alike, but SQLAlchemy builds it per dialect.
    """
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return make(table).on_conflict_do_nothing(index_elements=list(conflict_on) or None)
