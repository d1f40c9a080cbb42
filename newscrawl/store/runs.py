"""Crawl-run records: one row per crawl, opened at start and closed with its stats."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from newscrawl.store.convert import utc
from newscrawl.store.db import session_factory
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
    with session_factory(engine).begin() as session:
        row = session.get(CrawlRunRow, run_id)
        if row is not None:
            row.finished_at = datetime.now(UTC)
            row.finish_reason = reason
            row.stats = stats


def list_runs(engine: Engine, limit: int = 50) -> list[CrawlRun]:
    """The most recent crawl runs first."""
    with session_factory(engine)() as session:
        rows = session.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id.desc()).limit(limit))
        return [
            CrawlRun(
                id=r.id,
                spider=r.spider,
                source=r.source,
                start_urls=list(r.start_urls or []),
                started_at=utc(r.started_at) or datetime.now(UTC),
                finished_at=utc(r.finished_at),
                finish_reason=r.finish_reason,
                stats=dict(r.stats or {}),
            )
            for r in rows
        ]
