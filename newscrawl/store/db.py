"""Opening a database: URL or file path to an engine with the schema in place."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from newscrawl.store.dialect import create_search_schema, index_names, lock_schema
from newscrawl.store.errors import StoreError, database_reason
from newscrawl.store.models import Base
from newscrawl.store.rekey import rekey
from newscrawl.store.sessions import READS, sessions


def database_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (which means SQLite)."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets queries read while a crawl writes; the timeout rides out a busy writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # pysqlite opens a transaction only before DML, so a batch's first SAVEPOINT began one
    # of its own and the RELEASE committed it: a batch failing halfway kept its first
    # articles. With the driver's handling off, _sqlite_begin makes each batch one
    # transaction (SQLAlchemy's documented recipe for SAVEPOINT on pysqlite).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    # A transaction that may write takes the write lock up front: in WAL mode one that reads
    # first and then writes fails at once with "database is locked" when another process
    # wrote meanwhile, instead of waiting out busy_timeout. Sessions that only read say so.
    reads = connection.get_execution_options().get(READS, False)
    connection.exec_driver_sql("BEGIN" if reads else "BEGIN IMMEDIATE")


# The databases newscrawl's schema and search are written for (see dialect.py).
BACKENDS = ("sqlite", "postgresql")


def _sqlite_has_articles(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'")
            return found.fetchone() is not None
    except sqlite3.Error as error:
        raise StoreError(f"cannot open database {path}: {error}") from error


def open_engine(url: str, *, create: bool = True) -> Engine:
    """An engine with the schema in place; StoreError with one line when that is impossible.

    With create=False the database must already be newscrawl's: a SQLite file that does not
    exist, or a database without newscrawl's tables, is an error and nothing is created. An
    existing newscrawl database is brought up to date either way.
    """
    url = database_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StoreError(f"invalid database URL {url!r}: {error}") from error
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise StoreError(
            f"unsupported database {url!r}: newscrawl stores into SQLite (a file path or "
            "sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DBNAME)"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "").expanduser()
        if not path.resolve().parent.is_dir():
            raise StoreError(f"cannot open database {url}: folder {path.resolve().parent} does not exist")
        if not create and not path.exists():
            raise StoreError(f"no database at {path}; crawl into it first")
        if not create and not _sqlite_has_articles(path):
            # Checked read-only before the engine's pragmas switch the file to WAL: a file
            # that is not ours is left exactly as it was.
            raise StoreError(f"no newscrawl database at {path}; crawl into it first")
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except ImportError as error:
        # SQLAlchemy imports the driver here; psycopg is an optional extra.
        hint = "install newscrawl[postgres]" if backend == "postgresql" else "install its driver"
        raise StoreError(f"cannot open database {url!r}: {error}; {hint}") from error
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise StoreError(f"invalid database URL {url!r}: {error}") from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        with engine.begin() as connection:
            lock_schema(connection)
            if not create and not inspect(connection).has_table("articles"):
                raise StoreError(f"no newscrawl database at {engine.url!r}; crawl into it first")
            Base.metadata.create_all(connection)
            add_missing_columns(connection)
            add_missing_indexes(connection)
            create_search_schema(connection)
            rekey(connection)
    except DBAPIError as error:
        engine.dispose()
        raise StoreError(f"cannot open database {engine.url!r}: {database_reason(error)}") from error
    except StoreError:
        engine.dispose()
        raise
    return engine


def add_missing_columns(connection: Connection) -> None:
    """Columns that a newer newscrawl added to a table an older one created.

    The only schema change we make in place: new columns are nullable or have a default, so
    old rows stay valid. Anything more needs a real migration.
    """
    inspector = inspect(connection)
    for table in Base.metadata.sorted_tables:
        existing = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in existing:
                continue
            kind = column.type.compile(dialect=connection.dialect)
            default = getattr(column.default, "arg", None)
            clause = f" DEFAULT {int(default)}" if isinstance(default, (int, bool)) else ""
            connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{clause}'))


def add_missing_indexes(connection: Connection) -> None:
    """Indexes that a newer newscrawl added to a table an older one created.

    create_all makes a table's indexes only with the table. Looked up by name in the catalogue
    first: CREATE INDEX IF NOT EXISTS would still lock the table against a running crawl's
    writes on PostgreSQL, and every command opens the database. An index over an existing
    table is built once, by the first newer process to open it, inside the schema lock.
    """
    for table in Base.metadata.sorted_tables:
        existing = index_names(connection, table.name)
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if index.name not in existing:
                index.create(connection)


def session_factory(engine: Engine, *, reads: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; `reads` for sessions that never write, which then take no lock.

    The engine's own sessionmakers (sessions.py): one pair per engine, however often asked.
    """
    made = sessions(engine)
    return made.reads if reads else made.writes
