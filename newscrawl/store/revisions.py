"""An article's versions, oldest first, as the revisit policy recorded them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from newscrawl.store.convert import utc
from newscrawl.store.db import session_factory
from newscrawl.store.models import RevisionRow


@dataclass
class Revision:
    version: int
    headline: str
    body: str
    modified_at: datetime | None
    fetched_at: datetime | None


def list_revisions(engine: Engine, article_id: int) -> list[Revision]:
    with session_factory(engine, reads=True)() as session:
        rows = session.scalars(
            select(RevisionRow).where(RevisionRow.article_id == article_id).order_by(RevisionRow.version)
        )
        return [Revision(r.version, r.headline, r.body, utc(r.modified_at), utc(r.fetched_at)) for r in rows]
