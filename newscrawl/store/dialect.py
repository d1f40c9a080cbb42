"""Differences between SQLite and PostgreSQL outside search: locks, index names, inserts, days, JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    SQLColumnExpression,
    case,
    cast,
    false,
    func,
    literal_column,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

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


def insert_or_skip(session: Session, table: Any, *conflict_on: str) -> postgresql.Insert | sqlite.Insert:
    """INSERT ... ON CONFLICT DO NOTHING, in the dialect of the session's database.

    `conflict_on` names the columns of the unique key a row may collide with; none means any
    unique key. Both backends spell it alike, but SQLAlchemy builds it per dialect.
    """
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return make(table).on_conflict_do_nothing(index_elements=list(conflict_on) or None)


def utc_day(moment: SQLColumnExpression[Any], dialect: str) -> ColumnElement[Any]:
    """The UTC calendar day of a stored time: SQLite's is 'YYYY-MM-DD' text, PostgreSQL's a date.

    SQLite keeps times as UTC text without an offset. PostgreSQL's would turn into a date in
    the session's time zone, so it is moved to UTC first; 'UTC' is a literal, not a bound
    parameter, so that GROUP BY names the very expression the SELECT does.
    """
    if dialect == "sqlite":
        return func.date(moment)
    return cast(func.timezone(literal_column("'UTC'"), moment), Date)


def json_list_filled(value: SQLColumnExpression[Any], dialect: str) -> ColumnElement[bool]:
    """Whether a JSON column holds a list with at least one item.

    SQLite's json_array_length is 0 for anything but an array; PostgreSQL's raises on a
    scalar (a JSON null), so its CASE asks for the type first.
    """
    if dialect == "sqlite":
        return func.coalesce(func.json_array_length(value), 0) > 0
    return case(
        (func.json_typeof(value) == literal_column("'array'"), func.json_array_length(value) > 0),
        else_=false(),
    )
