"""Crawl-run records: one row per crawl, opened at start and closed with its stats."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.liveness import crawl_alive, this_host
from newscrawl.store.convert import utc
from newscrawl.store.db import session_factory
from newscrawl.store.errors import StoreError, database_reason
from newscrawl.store.models import CrawlRunRow

# The finish reason of a run whose process ended without closing it (SIGKILL, out of memory).
KILLED = "killed"
# ... and of a crawl that `run` or `schedule` started and that ended before it opened a run.
DIED = "died"


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
    hostname: str | None = None
    pid: int | None = None
    log_path: str | None = None
    exit_status: int | None = None
    error: str | None = None


def start_run(
    engine: Engine,
    spider: str,
    start_urls: list[str],
    source: str | None = None,
    log_path: str | None = None,
) -> int:
    with session_factory(engine).begin() as session:
        row = CrawlRunRow(
            spider=spider,
            source=source,
            start_urls=start_urls,
            started_at=datetime.now(UTC),
            hostname=this_host(),
            pid=os.getpid(),
            stats={},
            log_path=log_path,
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


def record_exit(
    engine: Engine, run_id: int, status: int, *, reason: str | None = None, error: str | None = None
) -> None:
    """How the run's process ended; `reason` closes a run that its process left open."""
    with session_factory(engine).begin() as session:
        row = session.get(CrawlRunRow, run_id)
        if row is None:
            return
        row.exit_status = status
        row.error = error
        if reason is not None:
            row.finished_at = row.finished_at or datetime.now(UTC)
            row.finish_reason = reason


def add_died_run(
    engine: Engine,
    source: str,
    started_at: datetime,
    *,
    pid: int,
    log_path: str,
    status: int,
    reason: str,
    error: str | None,
) -> int:
    """A closed row for a crawl process that ended before it could open one of its own."""
    with session_factory(engine).begin() as session:
        row = CrawlRunRow(
            spider="news",
            source=source,
            start_urls=[],
            started_at=started_at,
            finished_at=datetime.now(UTC),
            finish_reason=reason,
            stats={},
            hostname=this_host(),
            pid=pid,
            log_path=log_path,
            exit_status=status,
            error=error,
        )
        session.add(row)
        session.flush()
        return row.id


def close_dead_runs(engine: Engine) -> list[int]:
    """Close, as killed, the open runs of this host whose process is gone; their ids.

    Runs of other hosts stay open: from here, nothing tells a live crawl from a dead one.
    """
    host = this_host()
    with session_factory(engine, reads=True)() as session:
        open_runs = session.scalars(
            select(CrawlRunRow).where(CrawlRunRow.finished_at.is_(None), CrawlRunRow.hostname == host)
        ).all()
    dead = [
        row.id
        for row in open_runs
        if row.pid is None or not crawl_alive(row.pid, utc(row.started_at) or datetime.now(UTC))
    ]
    if dead:
        with session_factory(engine).begin() as session:
            for row in session.scalars(select(CrawlRunRow).where(CrawlRunRow.id.in_(dead))):
                # Checked again inside the transaction: the crawl may have closed it meanwhile.
                if row.finished_at is None:
                    row.finished_at = datetime.now(UTC)
                    row.finish_reason = KILLED
                    row.error = f"process {row.pid} ended without closing its run"
    return dead


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
        hostname=row.hostname,
        pid=row.pid,
        log_path=row.log_path,
        exit_status=row.exit_status,
        error=row.error,
    )


def list_runs(engine: Engine, limit: int = 50) -> list[CrawlRun]:
    """The most recent crawl runs first."""
    with session_factory(engine, reads=True)() as session:
        return [
            _run(r) for r in session.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id.desc()).limit(limit))
        ]


def last_runs(engine: Engine) -> dict[str, CrawlRun]:
    """Each source's newest run, whoever started it."""
    newest = (
        select(func.max(CrawlRunRow.id)).where(CrawlRunRow.source.is_not(None)).group_by(CrawlRunRow.source)
    )
    with session_factory(engine, reads=True)() as session:
        rows = session.scalars(select(CrawlRunRow).where(CrawlRunRow.id.in_(newest)))
        return {row.source: _run(row) for row in rows if row.source is not None}


def run_with_log(engine: Engine, source: str, log_path: str) -> CrawlRun | None:
    """The run of `source` that wrote to this log file: each crawl of `run` and `schedule` has
    its own."""
    with session_factory(engine, reads=True)() as session:
        row = session.scalars(
            select(CrawlRunRow)
            .where(CrawlRunRow.source == source, CrawlRunRow.log_path == log_path)
            .order_by(CrawlRunRow.id.desc())
        ).first()
        return _run(row) if row is not None else None


def latest_run(engine: Engine, source: str, since: datetime) -> CrawlRun | None:
    """The newest crawl run of `source` that started after `since`."""
    with session_factory(engine, reads=True)() as session:
        row = session.scalars(
            select(CrawlRunRow)
            .where(CrawlRunRow.source == source, CrawlRunRow.started_at >= since)
            .order_by(CrawlRunRow.id.desc())
        ).first()
        return _run(row) if row is not None else None
