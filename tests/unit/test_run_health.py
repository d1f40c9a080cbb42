"""Which drops a run is warned about, and which sites a source's health is read from, on
SQLite and PostgreSQL: only sites the run stored articles for, only on the day it stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update

from newscrawl.store import ArticleWriter, open_engine, run_drops, source_sites, start_run
from newscrawl.store.health import MIN_BASELINE_ARTICLES, MIN_DAY_ARTICLES
from newscrawl.store.models import ArticleRow, CrawlRunRow
from tests.articles import make_article

BARE = {"published_at": None, "published_date": None, "caption": None, "authors": [], "tags": []}
YESTERDAY = datetime.now(UTC) - timedelta(days=1)


def _run(engine: Engine, source: str, stored: dict[str, tuple[int, int]], *, yesterday: bool = False) -> int:
    """A run of `source` storing, per site, (articles, of which bare); started and stored
    yesterday when asked."""
    run_id = start_run(engine, "news", [], source=source)
    articles = [
        make_article(f"https://{site}/{run_id}/{n}", **(BARE if n < bare else {}))
        for site, (count, bare) in stored.items()
        for n in range(count)
    ]
    ArticleWriter(engine).save(articles, run_id)
    if yesterday:
        with engine.begin() as connection:
            connection.execute(
                update(CrawlRunRow).where(CrawlRunRow.id == run_id).values(started_at=YESTERDAY)
            )
            connection.execute(
                update(ArticleRow).where(ArticleRow.crawl_run_id == run_id).values(first_seen=YESTERDAY)
            )
    return run_id


def test_a_run_is_warned_of_the_drops_of_the_sites_it_stored_for(database_url: str) -> None:
    engine = open_engine(database_url)
    healthy = (MIN_BASELINE_ARTICLES, 0)
    before = _run(engine, "news", {"a.example": healthy, "c.example": healthy}, yesterday=True)
    today = _run(engine, "news", {"a.example": (MIN_DAY_ARTICLES, MIN_DAY_ARTICLES), "b.example": (30, 30)})
    other = _run(engine, "wire", {"c.example": (MIN_DAY_ARTICLES, MIN_DAY_ARTICLES)})

    [a] = run_drops(engine, today)
    assert a.site == "a.example"
    assert [(d.field, d.baseline, d.current) for d in a.drops] == [
        (field, 1.0, 0.0) for field in ("date", "authors", "tags", "caption")
    ]
    # b.example is new: no baseline, no warning. c.example's drop is the other run's doing.
    assert [h.site for h in run_drops(engine, other)] == ["c.example"]
    # Yesterday's run stored on a day without drops; a run that stored nothing has none.
    assert run_drops(engine, before) == []
    assert run_drops(engine, start_run(engine, "news", [])) == []
    assert run_drops(engine, 10**6) == []


def test_a_sources_sites_are_those_its_recent_runs_stored_for(database_url: str) -> None:
    engine = open_engine(database_url)
    _run(engine, "news", {"b.example": (2, 0), "a.example": (1, 0)})
    _run(engine, "wire", {"c.example": (1, 0)}, yesterday=True)
    assert source_sites(engine, ["news", "wire", "idle"]) == {
        "news": ["a.example", "b.example"],
        "wire": ["c.example"],
        "idle": [],
    }
    # Seen from yesterday, only yesterday's run; forty days on, nothing of theirs is recent.
    assert source_sites(engine, ["news", "wire"], today=YESTERDAY.date()) == {
        "news": [],
        "wire": ["c.example"],
    }
    later = (datetime.now(UTC) + timedelta(days=40)).date()
    assert source_sites(engine, ["news"], today=later) == {"news": []}
