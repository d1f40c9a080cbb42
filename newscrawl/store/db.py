"""Opening a database: URL or file path to an engine with the schema in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from newscrawl.store.dialect import create_search_schema
from newscrawl.store.errors import StoreError
from newscrawl.store.models import Base

# Execution option that marks a session's transactions as writes (see _sqlite_begin).
WRITES = "newscrawl_writes"


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
    # A writer that reads before it writes takes the write lock up front: in WAL mode a read
    # transaction that later writes fails at once with "database is locked" when another
    # process wrote meanwhile, instead of waiting out busy_timeout. Readers stay deferred.
    immediate = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_engine(url: str, *, create: bool = True) -> Engine:
    """An engine with the schema created; StoreError with one line when that is impossible."""
    url = database_url(url)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            folder = Path(parsed.database or "").expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"cannot open database {url}: folder {folder} does not exist")
        engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise StoreError(f"invalid database URL {url!r}: {error}") from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    if create:
        try:
            with engine.begin() as connection:
                Base.metadata.create_all(connection)
                add_missing_columns(connection)
                create_search_schema(connection)
        except DBAPIError as error:
            engine.dispose()
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreError(f"cannot open database {engine.url!r}: {reason}") from error
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


def session_factory(engine: Engine, *, writes: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; `writes` for transactions that read, then write."""
    bind = engine.execution_options(**{WRITES: True}) if writes else engine
    return sessionmaker(bind, expire_on_commit=False)
