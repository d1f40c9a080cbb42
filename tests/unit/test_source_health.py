"""Source health on SQLite and PostgreSQL: field shares per first-stored day, and when a fall
in a site's share is flagged as a drop (thresholds, minimum counts, a new site)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, update

from newscrawl.store import HEALTH_FIELDS, ArticleWriter, daily_coverage, open_engine, source_health
from newscrawl.store.health import MIN_BASELINE_ARTICLES, MIN_DAY_ARTICLES
from newscrawl.store.models import ArticleRow
from tests.articles import make_article

TODAY = date(2026, 3, 20)
BARE = {"published_at": None, "published_date": None, "caption": None, "authors": [], "tags": []}


def _store(engine: Engine, site: str, day: date, count: int, *, bare: int = 0, hour: int = 12) -> None:
    """`count` articles of `site` first stored on `day`; the first `bare` of them have only a
    headline and a long body."""
    prefix = f"https://{site}/{day.isoformat()}/{hour}/"
    articles = [make_article(f"{prefix}{n}", **(BARE if n < bare else {})) for n in range(count)]
    ArticleWriter(engine).save(articles)
    with engine.begin() as connection:
        connection.execute(
            update(ArticleRow)
            .where(ArticleRow.url.startswith(prefix))
            .values(first_seen=datetime.combine(day, time(hour), UTC))
        )


def _days_before(n: int) -> date:
    return TODAY - timedelta(days=n)


def _healthy_week(engine: Engine, site: str, per_day: int = 10) -> None:
    for n in range(1, 6):
        _store(engine, site, _days_before(n), per_day)


def test_a_day_counts_each_field_by_first_stored_day(database_url: str) -> None:
    engine = open_engine(database_url)
    _store(engine, "a.example", _days_before(2), 4, bare=1)
    # A headline of spaces, a body of exactly 500 characters: neither counts.
    short = make_article("https://a.example/short", body="x" * 500, headline="  ")
    ArticleWriter(engine).save([short])
    # Stored late on day -1 and right at midnight of today: two days, in UTC.
    _store(engine, "a.example", _days_before(1), 1, hour=23)
    _store(engine, "a.example", TODAY, 2, bare=2, hour=0)
    _store(engine, "b.example", _days_before(2), 3)

    days = daily_coverage(engine, "a.example", days=5, today=TODAY)
    assert [d.day for d in days] == [_days_before(n) for n in range(4, -1, -1)]
    assert [d.articles for d in days] == [0, 0, 4, 1, 2]
    assert days[0].share == dict.fromkeys(HEALTH_FIELDS, 0.0)
    assert days[2].share == {
        "headline": 1.0,
        "body": 1.0,
        "date": 0.75,
        "authors": 0.75,
        "tags": 0.75,
        "caption": 0.75,
    }
    assert days[4].share == {"headline": 1.0, "body": 1.0, "date": 0, "authors": 0, "tags": 0, "caption": 0}
    # The short article was stored now, outside the window.
    (now,) = daily_coverage(engine, "a.example", days=1)
    assert now.articles == 1 and now.share["headline"] == 0.0 and now.share["body"] == 0.0


def test_dates_and_captions_gone_today_are_drops(database_url: str) -> None:
    engine = open_engine(database_url)
    _healthy_week(engine, "a.example")
    _store(engine, "a.example", TODAY, MIN_DAY_ARTICLES, bare=MIN_DAY_ARTICLES - 4)
    _healthy_week(engine, "b.example")
    _store(engine, "b.example", TODAY, MIN_DAY_ARTICLES)

    a, b = source_health(engine, today=TODAY)
    assert (a.site, a.articles, a.last_day, a.baseline_articles) == ("a.example", 70, TODAY, 50)
    assert [(d.field, d.baseline, d.current, d.day) for d in a.drops] == [
        (field, 1.0, 0.2, TODAY) for field in ("date", "authors", "tags", "caption")
    ]
    assert a.current["headline"] == 1.0 and a.baseline["date"] == 1.0
    assert b.drops == []
    # Asked for by name, a site that stored nothing is there, healthy and without a day.
    (quiet,) = source_health(engine, sites=["quiet.example"], today=TODAY)
    assert (quiet.articles, quiet.last_day, quiet.drops) == (0, None, [])


def test_too_few_articles_today_or_before_are_not_judged(database_url: str) -> None:
    engine = open_engine(database_url)
    _healthy_week(engine, "few-today.example")
    _store(engine, "few-today.example", TODAY, MIN_DAY_ARTICLES - 1, bare=MIN_DAY_ARTICLES - 1)
    _store(engine, "thin-baseline.example", _days_before(1), MIN_BASELINE_ARTICLES - 1)
    _store(engine, "thin-baseline.example", TODAY, MIN_DAY_ARTICLES, bare=MIN_DAY_ARTICLES)
    _store(engine, "new.example", TODAY, 50, bare=50)

    health = {h.site: h for h in source_health(engine, today=TODAY)}
    assert all(h.drops == [] for h in health.values())
    assert health["few-today.example"].current["date"] == 0.0
    assert health["thin-baseline.example"].baseline["date"] == 1.0
    assert health["new.example"].baseline == {} and health["new.example"].baseline_articles == 0


def test_a_drop_needs_thirty_points_and_under_half(database_url: str) -> None:
    """Baselines of 100% and 60%, each falling to the edges of both thresholds."""
    engine = open_engine(database_url)
    cases = {
        # site: (articles without fields in the baseline, of 50; without fields today, of 20)
        "fell-to-half.example": (20, 14),  # 60% -> 30%: not under half
        "fell-under-half.example": (20, 15),  # 60% -> 25%
        "fell-29-points.example": (0, 5),  # 100% -> 75%
        "was-rare.example": (40, 19),  # 20% -> 5%: 15 points
    }
    for site, (before, now) in cases.items():
        for n in range(1, 6):
            _store(engine, site, _days_before(n), 10, bare=before // 5)
        _store(engine, site, TODAY, MIN_DAY_ARTICLES, bare=now)
    flagged = {h.site: [d.field for d in h.drops] for h in source_health(engine, today=TODAY)}
    assert flagged == {
        "fell-to-half.example": [],
        "fell-under-half.example": ["date", "authors", "tags", "caption"],
        "fell-29-points.example": [],
        "was-rare.example": [],
    }


def test_the_baseline_is_the_seven_days_with_articles_before_the_last(database_url: str) -> None:
    """Older days leave the baseline; days without articles do not count as days."""
    engine = open_engine(database_url)
    # Bare ten days ago, healthy on seven days spread over the fortnight before that gap.
    _store(engine, "a.example", _days_before(20), 40, bare=40)
    for n in (2, 4, 6, 8, 10, 12, 14):
        _store(engine, "a.example", _days_before(n), 10)
    _store(engine, "a.example", TODAY, MIN_DAY_ARTICLES, bare=MIN_DAY_ARTICLES)
    (health,) = source_health(engine, today=TODAY)
    assert health.baseline_articles == 70 and health.baseline["date"] == 1.0
    assert [d.field for d in health.drops] == ["date", "authors", "tags", "caption"]
    # Looked at from yesterday, the last day is two days ago and today is not seen.
    (before,) = source_health(engine, today=_days_before(1))
    assert before.last_day == _days_before(2) and before.drops == []
