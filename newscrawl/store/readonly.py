"""Opening a store that must only be read: no migration, no schema, and a connection that cannot write."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

from newscrawl.store.db import checked_engine, newscrawl_revision, store_url
from newscrawl.store.errors import StoreError
from newscrawl.store.migrations.runner import head

# Every transaction of the server's sessions is read-only: PostgreSQL itself refuses a write.
_PG_READ_ONLY = "-c default_transaction_read_only=on"


def open_readonly(url: str) -> Engine:
    """An engine on an existing store at this newscrawl's schema that refuses every write.

    SQLite is opened in read-only mode (and with query_only besides), PostgreSQL sessions
    start read-only transactions: a bug in a reader cannot change the store. A missing store,
    one that is not newscrawl's, or one at another schema revision is a StoreError: nothing
    is created or migrated here (`newscrawl db upgrade` does that).
    """
    engine = _engine(store_url(url))
    try:
        revision = newscrawl_revision(engine)
    except StoreError:
        engine.dispose()
        raise
    if revision != head():
        engine.dispose()
        raise StoreError(
            f"the store at {engine.url!r} is at schema revision {revision or 'none'}, this newscrawl "
            f"reads {head()}; run 'newscrawl db upgrade' first"
        )
    return engine


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(Path(url.database or ""))
    # Added to the URL's own options (a search_path, say), which connect_args would replace.
    given = url.query.get("options")
    options = " ".join([*([given] if isinstance(given, str) else given or []), _PG_READ_ONLY])
    return checked_engine(url.difference_update_query(["options"]), connect_args={"options": options})


def _sqlite_engine(path: Path) -> Engine:
    if not path.name or str(path) == ":memory:":
        raise StoreError("an in-memory database has no articles to read; give a store's file")
    path = path.expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"no database at {path}; crawl into it first")
    uri = f"{path.as_uri()}?mode=ro"

    def connect() -> sqlite3.Connection:
        # Connections are used by the server's worker threads in turn, never at once.
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    # The URL names the file (messages show it); the connections are the creator's.
    engine = create_engine(f"sqlite:///{path}", creator=connect, pool_pre_ping=True)
    event.listen(engine, "connect", _sqlite_reader)
    return engine


def _sqlite_reader(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # A crawl may be writing: wait out its lock rather than fail a page.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()
