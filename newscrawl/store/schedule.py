"""The scheduler's state per source, and what each source has yielded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from newscrawl.store.convert import utc
from newscrawl.store.db import session_factory
from newscrawl.store.models import ArticleRow, CrawlRunRow, SourceStateRow


@dataclass
class SourceState:
    name: str
    interval_seconds: float
    next_run_at: datetime
    last_run_id: int | None
    # Failed runs in a row (0 after a success, or for a source never run).
    failures: int = 0


def load_states(engine: Engine) -> dict[str, SourceState]:
    with session_factory(engine, reads=True)() as session:
        return {
            row.name: SourceState(
                row.name,
                row.interval_seconds,
                utc(row.next_run_at) or datetime.now(UTC),
                row.last_run_id,
                row.failures or 0,
            )
            for row in session.scalars(select(SourceStateRow))
        }


def save_state(engine: Engine, state: SourceState) -> None:
    with session_factory(engine).begin() as session:
        row = session.get(SourceStateRow, state.name) or SourceStateRow(name=state.name)
        row.interval_seconds = state.interval_seconds
        row.next_run_at = state.next_run_at
        row.last_run_id = state.last_run_id
        row.failures = state.failures
        session.add(row)


def articles_per_day(engine: Engine, source: str, days: int = 7) -> float:
    """Articles first stored by this source's runs over the last `days`, per day."""
    since = datetime.now(UTC) - timedelta(days=days)
    with session_factory(engine, reads=True)() as session:
        count = session.scalar(
            select(func.count(ArticleRow.id))
            .join(CrawlRunRow, ArticleRow.crawl_run_id == CrawlRunRow.id)
            .where(CrawlRunRow.source == source, ArticleRow.first_seen >= since)
        )
    return (count or 0) / days
