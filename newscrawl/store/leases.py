"""Leases on sources: two schedulers sharing a database never crawl the same source at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError

from newscrawl.store.convert import utc
from newscrawl.store.db import session_factory
from newscrawl.store.models import SourceStateRow


def take_lease(engine: Engine, source: str, owner: str, seconds: float, interval: float) -> bool:
    """Lease `source` to `owner` for `seconds`, unless another owner holds a lease that runs."""
    now = datetime.now(UTC)
    until = now + timedelta(seconds=seconds)
    try:
        with session_factory(engine).begin() as session:
            # FOR UPDATE on PostgreSQL; on SQLite the write transaction excludes the others.
            row = session.get(SourceStateRow, source, with_for_update=True)
            if row is None:
                session.add(
                    SourceStateRow(
                        name=source,
                        interval_seconds=interval,
                        next_run_at=now,
                        failures=0,
                        lease_owner=owner,
                        lease_until=until,
                    )
                )
                return True
            held_until = utc(row.lease_until)
            if row.lease_owner not in (None, owner) and held_until is not None and held_until > now:
                return False
            row.lease_owner, row.lease_until = owner, until
            return True
    except IntegrityError:
        return False  # another scheduler created the source's row, and its lease, first


def renew_leases(engine: Engine, sources: Iterable[str], owner: str, seconds: float) -> None:
    names = list(sources)
    if not names:
        return
    with session_factory(engine).begin() as session:
        session.execute(
            update(SourceStateRow)
            .where(SourceStateRow.name.in_(names), SourceStateRow.lease_owner == owner)
            .values(lease_until=datetime.now(UTC) + timedelta(seconds=seconds))
        )


def release_lease(engine: Engine, source: str, owner: str) -> None:
    with session_factory(engine).begin() as session:
        session.execute(
            update(SourceStateRow)
            .where(SourceStateRow.name == source, SourceStateRow.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )
