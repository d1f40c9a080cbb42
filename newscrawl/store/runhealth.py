"""Which sites a run or a source stored articles for, and the health of those sites."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, func, select

from newscrawl.store.convert import utc
from newscrawl.store.health import WINDOW_DAYS, SourceHealth, source_health
from newscrawl.store.models import ArticleRow, CrawlRunRow
from newscrawl.store.sessions import sessions


def run_drops(engine: Engine, run_id: int, *, today: date | None = None) -> list[SourceHealth]:
    """The sites this run first stored articles for that have drops on the last day the run
    stored on: what the run's end warns about. Sites it only revisited are not its doing."""
    with sessions(engine).reading("finding the sites of a run failed") as session:
        started = utc(session.scalar(select(CrawlRunRow.started_at).where(CrawlRunRow.id == run_id)))
        if started is None:
            return []
        # Bounded on both sides, the run's time is what SQLite's planner picks, not the site
        # index (in GROUP BY order, but over every article): 0.4 s at 300,000 articles.
        stored = session.execute(
            select(ArticleRow.site, func.max(ArticleRow.first_seen))
            .where(
                ArticleRow.first_seen.between(started, _soon()),
                ArticleRow.crawl_run_id == run_id,
            )
            .group_by(ArticleRow.site)
        ).all()
    last_stored = {str(site): utc(latest) for site, latest in stored}
    if not last_stored:
        return []
    health = source_health(engine, sites=sorted(last_stored), today=today)
    return [h for h in health if h.drops and h.last_day == _day(last_stored[h.site])]


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def source_sites(engine: Engine, sources: list[str], *, today: date | None = None) -> dict[str, list[str]]:
    """source -> the sites its runs first stored articles for in the health window."""
    last = today or datetime.now(UTC).date()
    since = datetime.combine(last - timedelta(days=WINDOW_DAYS - 1), time(), UTC)
    until = datetime.combine(last + timedelta(days=1), time(), UTC) if today else _soon()
    found: dict[str, list[str]] = {name: [] for name in sources}
    with sessions(engine).reading("finding the sources' sites failed") as session:
        pairs = session.execute(
            select(CrawlRunRow.source, ArticleRow.site)
            .join(CrawlRunRow, ArticleRow.crawl_run_id == CrawlRunRow.id)
            # Bounded on both sides for SQLite's planner, as in run_drops; sorted here, since
            # ORDER BY site would lead it to the site index again.
            .where(ArticleRow.first_seen.between(since, until), CrawlRunRow.source.in_(sources))
            .distinct()
        )
        for source, site in pairs:
            found[str(source)].append(str(site))
    return {name: sorted(sites) for name, sites in found.items()}


def _soon() -> datetime:
    """A bound above anything stored yet, with room for a clock a little ahead of this one."""
    return datetime.now(UTC) + timedelta(minutes=1)
