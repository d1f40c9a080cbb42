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
        # first_seen first: its index finds the run's few rows among millions.
        stored = session.execute(
            select(ArticleRow.site, func.max(ArticleRow.first_seen))
            .where(ArticleRow.first_seen >= started, ArticleRow.crawl_run_id == run_id)
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
    found: dict[str, list[str]] = {name: [] for name in sources}
    with sessions(engine).reading("finding the sources' sites failed") as session:
        pairs = session.execute(
            select(CrawlRunRow.source, ArticleRow.site)
            .join(CrawlRunRow, ArticleRow.crawl_run_id == CrawlRunRow.id)
            .where(ArticleRow.first_seen >= since, CrawlRunRow.source.in_(sources))
            .distinct()
            .order_by(ArticleRow.site)
        )
        for source, site in pairs:
            found[str(source)].append(str(site))
    return found
