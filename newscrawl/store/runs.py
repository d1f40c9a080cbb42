"""Crawl-run records: one row per crawl, opened at start and closed with its stats."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.store.convert import utc
from newscrawl.store.db import session_factory
from newscrawl.store.errors import StoreError, database_reason
from newscrawl.store.models import CrawlRunRow


@dataclass
class CrawlRun:
    id: int
    spider: str
    source: str | None
    start_urls: list[str]
    started_at: datetime
    finished_at: datetime | None
    finish_reason: str | None
    stats: dict[str, Any]


def start_run(engine: Engine, spider: str, start_urls: list[str], source: str | None = None) -> int:
    with session_factory(engine).begin() as session:
        row = CrawlRunRow(
            spider=spider,
            source=source,
            start_urls=start_urls,
            started_at=datetime.now(UTC),
            hostname=socket.gethostname(),
            pid=os.getpid(),
            stats={},
        )
        session.add(row)
        session.flush()
        return row.id


def finish_run(engine: Engine, run_id: int, reason: str, stats: dict[str, Any]) -> None:
    """Close a run's row; StoreError when the database cannot be reached."""
    try:
        with session_factory(engine).begin() as session:
            row = session.get(CrawlRunRow, run_id)
            if row is not None:
                row.finished_at = datetime.now(UTC)
                row.finish_reason = reason
                row.stats = stats
    except SQLAlchemyError as error:
        raise StoreError(f"recording crawl run {run_id} failed: {database_reason(error)}") from error


def _run(row: CrawlRunRow) -> CrawlRun:
    return CrawlRun(
        id=row.id,
        spider=row.spider,
        source=row.source,
        start_urls=list(row.start_urls or []),
        started_at=utc(row.started_at) or datetime.now(UTC),
        finished_at=utc(row.finished_at),
        finish_reason=row.finish_reason,
        stats=dict(row.stats or {}),
    )


def list_runs(engine: Engine, limit: int = 50) -> list[CrawlRun]:
    """The most recent crawl runs first."""
    with session_factory(engine)() as session:
        return [
            _run(r) for r in session.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id.desc()).limit(limit))
        ]


def latest_run(engine: Engine, source: str, since: datetime) -> CrawlRun | None:
    """The newest crawl run of `source` that started after `since`."""
    with session_factory(engine)() as session:
        row = session.scalars(
            select(CrawlRunRow)
            .where(CrawlRunRow.source == source, CrawlRunRow.started_at >= since)
            .order_by(CrawlRunRow.id.desc())
        ).first()
        return _run(row) if row is not None else None
