"""One pair of sessionmakers per engine, for callers that own the sessions store functions take."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from newscrawl.store.errors import StoreError, database_reason

# Execution option that marks a session as read-only (db._sqlite_begin reads it).
READS = "newscrawl_reads"


@dataclass(frozen=True)
class Sessions:
    """Sessions on one engine: `writes` may write; `reads` never do, and so take no lock."""

    writes: sessionmaker[Session]
    reads: sessionmaker[Session]

    @contextmanager
    def writing(self, failure: str) -> Iterator[Session]:
        """One transaction, committed at the end; StoreError("{failure}: why") when it fails.

        For callers outside the store (the crawl layer), which reach the database only
        through newscrawl.store and so cannot catch SQLAlchemy's own errors.
        """
        try:
            with self.writes.begin() as session:
                yield session
        except SQLAlchemyError as error:
            raise StoreError(f"{failure}: {database_reason(error)}") from error

    @contextmanager
    def reading(self, failure: str) -> Iterator[Session]:
        """A read-only session; StoreError("{failure}: why") when the database cannot answer."""
        try:
            with self.reads() as session:
                yield session
        except SQLAlchemyError as error:
            raise StoreError(f"{failure}: {database_reason(error)}") from error


def sessions(engine: Engine) -> Sessions:
    """The engine's sessionmakers, made on first use and kept on the engine itself.

    Kept on the engine rather than in a module-level map, so that they live exactly as long
    as it does and a disposed engine takes them with it.
    """
    made: Sessions | None = getattr(engine, "_newscrawl_sessions", None)
    if made is None:
        made = Sessions(
            writes=sessionmaker(engine, expire_on_commit=False),
            reads=sessionmaker(engine.execution_options(**{READS: True}), expire_on_commit=False),
        )
        engine._newscrawl_sessions = made  # type: ignore[attr-defined]
    return made
