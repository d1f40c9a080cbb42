"""Opening a database: URL or file path to an engine with the schema in place."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from newscrawl.store.dialect import lock_schema
from newscrawl.store.errors import StoreError, database_reason
from newscrawl.store.migrations.runner import current, head, upgrade
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
    # wrote meanwhile, instead of waiting out busy_timeout. Sessions that only read say so,
    # and open no transaction at all: each statement then reads the latest commit on its
    # own, which no read of newscrawl's needs to be otherwise, and a crawl's look-ups (one
    # statement each, one per batch of pages) send half as many statements.
    if not connection.get_execution_options().get(READS, False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# The databases newscrawl's schema and search are written for (see dialect.py).
BACKENDS = ("sqlite", "postgresql")


def _sqlite_has_articles(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'")
            return found.fetchone() is not None
    except sqlite3.Error as error:
        raise StoreError(f"cannot open database {path}: {error}") from error


@dataclass(frozen=True)
class Upgraded:
    """A store brought to this newscrawl's schema: its engine, and the revisions before and after."""

    engine: Engine
    before: str | None
    after: str
    # There were no tables: the migrations made the store.
    created: bool


def open_engine(url: str, *, create: bool = True) -> Engine:
    """An engine with the schema in place; StoreError with one line when that is impossible.

    With create=False the database must already be newscrawl's: a SQLite file that does not
    exist, or a database without newscrawl's tables, is an error and nothing is created. An
    existing newscrawl database is migrated to this newscrawl's schema either way.
    """
    return upgrade_store(url, create=create).engine


def upgrade_store(url: str, *, create: bool = True) -> Upgraded:
    """open_engine, telling which schema revision the store was at (None: no migration yet)."""
    engine = _engine(url, create=create)
    try:
        with engine.begin() as connection:
            lock_schema(connection)
            created = not inspect(connection).has_table("articles")
            if created and not create:
                raise StoreError(f"no newscrawl database at {engine.url!r}; crawl into it first")
            # Every open migrates: a crawl into a store of an older newscrawl must not wait for
            # someone to run `newscrawl db upgrade` first. Under the lock, one process does it.
            before = upgrade(connection)
            rekey(connection)
    except DBAPIError as error:
        engine.dispose()
        raise StoreError(f"cannot open database {engine.url!r}: {database_reason(error)}") from error
    except StoreError:
        engine.dispose()
        raise
    return Upgraded(engine, before, head(), created)


def store_revision(url: str) -> str | None:
    """The schema revision of an existing store, read without migrating it; None for a store
    that no migration has run on (one of a newscrawl from before the migrations)."""
    engine = _engine(url, create=False)
    try:
        return newscrawl_revision(engine)
    finally:
        engine.dispose()


def newscrawl_revision(engine: Engine) -> str | None:
    """The schema revision of the newscrawl store behind `engine`, read without writing; a
    StoreError when the database holds no newscrawl store or cannot be read."""
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(**{READS: True})
            if not inspect(connection).has_table("articles"):
                raise StoreError(f"no newscrawl database at {engine.url!r}; crawl into it first")
            return current(connection)
    except DBAPIError as error:
        raise StoreError(f"cannot open database {engine.url!r}: {database_reason(error)}") from error


def store_url(value: str) -> URL:
    """The URL of a database newscrawl can use, from a URL or a file path; StoreError otherwise."""
    url = database_url(value)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StoreError(f"invalid database URL {url!r}: {error}") from error
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise StoreError(
            f"unsupported database {url!r}: newscrawl uses SQLite (a file path or "
            "sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DBNAME)"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def checked_engine(url: URL, **options: Any) -> Engine:
    """create_engine(url), with a missing driver or a URL it refuses as a one-line StoreError."""
    try:
        return create_engine(url, pool_pre_ping=True, **options)
    except ImportError as error:
        # SQLAlchemy imports the driver here; psycopg is an optional extra.
        postgres = url.get_backend_name() == "postgresql"
        hint = "install newscrawl[postgres]" if postgres else "install its driver"
        raise StoreError(f"cannot open database {str(url)!r}: {error}; {hint}") from error
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise StoreError(f"invalid database URL {str(url)!r}: {error}") from error


def _engine(url: str, *, create: bool) -> Engine:
    """An engine on `url` once it is known to be one newscrawl can store into; no schema yet."""
    parsed = store_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "").expanduser()
        if not path.resolve().parent.is_dir():
            raise StoreError(f"cannot open database {url}: folder {path.resolve().parent} does not exist")
        if not create and not path.exists():
            raise StoreError(f"no database at {path}; crawl into it first")
        if not create and not _sqlite_has_articles(path):
            # Checked read-only before the engine's pragmas switch the file to WAL: a file
            # that is not ours is left exactly as it was.
            raise StoreError(f"no newscrawl database at {path}; crawl into it first")
    engine = checked_engine(parsed)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def session_factory(engine: Engine, *, reads: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; `reads` for sessions that never write, which then take no lock.

    The engine's own sessionmakers (sessions.py): one pair per engine, however often asked.
    """
    made = sessions(engine)
    return made.reads if reads else made.writes
