"""Source health: each site's share of stored articles with each field, per day, and its drops.

When a site changes its templates the crawl goes on storing articles, only without their dates,
captions or authors. What shows it is the share of a site's articles that have each field,
compared with the same site's own recent past; a site that never had captions is not sick.

The rules, and why:

- Day. An article counts on the UTC day it was first stored (`first_seen`), not the day it
  was published: a template change shows in what the crawler stores from the moment it
  happens, whatever the dates of the pages (a first crawl stores years of archive in one day),
  and an article without a date has no publication day at all.
- Day looked at. A site's latest day with stored articles, in the window of `days` days that
  ends today.
- Baseline. The site's articles of its previous `BASELINE_DAYS` days that have articles,
  before the day looked at and inside the window, pooled (a quiet day weighs what its few
  articles weigh). A drop that persists becomes the baseline: it stays flagged until the
  changed days are most of the baseline, some five days of crawling.
- Minimum. A day is judged only when it has `MIN_DAY_ARTICLES` articles and its baseline
  `MIN_BASELINE_ARTICLES`: a brand-new site, or one with 2 articles today, is never flagged.
- Drop. A field's share fell by at least `MIN_DROP` (absolute, 30 points) and to under
  `MAX_RATIO` (half) of its baseline. The absolute part ignores fields that were rare anyway
  (tags on 20% of articles falling to 5% is no broken template); the relative part ignores a
  common field dipping (95% to 65%). Where both bind hardest, a baseline of 60% and 20
  articles, an unchanged site falls under 30% by chance with odds of about 1 in 600
  (binomial), so a flag is news, not noise.

Everything is counted in SQL, one row per site and day: stores hold millions of articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, case, exists, func, select

from newscrawl.store.dialect import json_list_filled, utc_day
from newscrawl.store.models import ArticleRow, ArticleTag
from newscrawl.store.sessions import sessions

HEALTH_FIELDS: tuple[str, ...] = ("headline", "body", "date", "authors", "tags", "caption")
# A body this long or shorter is a teaser, a paywall stub or a failed extraction.
BODY_MIN_CHARS = 500
BASELINE_DAYS = 7
MIN_DAY_ARTICLES = 20
MIN_BASELINE_ARTICLES = 40
MIN_DROP = 0.30
MAX_RATIO = 0.5
WINDOW_DAYS = 30


@dataclass(frozen=True)
class DayCoverage:
    """One site's articles first stored on one UTC day; on a day without articles every
    share is 0.0."""

    day: date
    articles: int
    share: dict[str, float]


@dataclass(frozen=True)
class FieldDrop:
    field: str
    baseline: float
    current: float
    day: date


@dataclass(frozen=True)
class SourceHealth:
    """One site: `current` is the share on `last_day`, `baseline` over its baseline days
    (empty when it has none)."""

    site: str
    articles: int
    last_day: date | None
    current: dict[str, float]
    baseline: dict[str, float]
    drops: list[FieldDrop]
    baseline_articles: int = 0
    current_articles: int = 0

    @property
    def judged(self) -> bool:
        """Whether its last day and baseline hold enough articles for a drop to be flagged."""
        return self.current_articles >= MIN_DAY_ARTICLES and self.baseline_articles >= MIN_BASELINE_ARTICLES


def _has_field(engine: Engine) -> dict[str, Any]:
    """Per field, the SQL condition that an article has it."""
    dialect = engine.dialect.name
    tagged = exists().where(ArticleTag.article_id == ArticleRow.id)
    return {
        "headline": func.length(func.trim(ArticleRow.headline)) > 0,
        "body": func.length(ArticleRow.body) > BODY_MIN_CHARS,
        "date": ArticleRow.published_at.is_not(None) | ArticleRow.published_date.is_not(None),
        "authors": json_list_filled(ArticleRow.authors, dialect),
        "tags": tagged,
        "caption": and_(ArticleRow.caption.is_not(None), func.length(func.trim(ArticleRow.caption)) > 0),
    }


def _counts(engine: Engine, first: date, last: date, sites: list[str] | None) -> Select[Any]:
    """SELECT site, day, articles, then one count per field, for days first..last."""
    day = utc_day(ArticleRow.first_seen, engine.dialect.name).label("day")
    has = _has_field(engine)
    statement = (
        select(
            ArticleRow.site,
            day,
            func.count(),
            *(func.sum(case((has[name], 1), else_=0)) for name in HEALTH_FIELDS),
        )
        .where(
            ArticleRow.first_seen >= datetime.combine(first, time(), UTC),
            ArticleRow.first_seen < datetime.combine(last + timedelta(days=1), time(), UTC),
        )
        .group_by(ArticleRow.site, day)
    )
    if sites is not None:
        statement = statement.where(ArticleRow.site.in_(sites))
    return statement


def _per_day(
    engine: Engine, first: date, last: date, sites: list[str] | None
) -> dict[str, dict[date, list[int]]]:
    """site -> day -> [articles, then the count of each field], days with articles only."""
    found: dict[str, dict[date, list[int]]] = {}
    with sessions(engine).reading("reading source health failed") as session:
        for site, day, *numbers in session.execute(_counts(engine, first, last, sites)):
            # SQLite's date() is text; PostgreSQL's cast gives a date.
            when = day if isinstance(day, date) else date.fromisoformat(str(day))
            found.setdefault(str(site), {})[when] = [int(n or 0) for n in numbers]
    return found


def _shares(counts: list[int]) -> dict[str, float]:
    total = counts[0]
    return {name: (n / total if total else 0.0) for name, n in zip(HEALTH_FIELDS, counts[1:], strict=True)}


def daily_coverage(
    engine: Engine, site: str, *, days: int = 30, today: date | None = None
) -> list[DayCoverage]:
    """Every UTC day of the `days` ending `today`, oldest first, with the site's articles."""
    last = today or datetime.now(UTC).date()
    first = last - timedelta(days=days - 1)
    stored = _per_day(engine, first, last, [site]).get(site, {})
    empty = [0] * (len(HEALTH_FIELDS) + 1)
    return [
        DayCoverage(day, stored.get(day, empty)[0], _shares(stored.get(day, empty)))
        for day in (first + timedelta(days=n) for n in range(days))
    ]


def source_health(
    engine: Engine, *, sites: list[str] | None = None, today: date | None = None, days: int = WINDOW_DAYS
) -> list[SourceHealth]:
    """The health of each site with articles in the `days` ending `today`, by site name."""
    last = today or datetime.now(UTC).date()
    stored = _per_day(engine, last - timedelta(days=days - 1), last, sites)
    named = sorted(set(stored) | set(sites or ()))
    return [_judge(site, stored[site]) if site in stored else _unseen(site) for site in named]


def _unseen(site: str) -> SourceHealth:
    """A site asked for that stored nothing in the window."""
    return SourceHealth(site=site, articles=0, last_day=None, current={}, baseline={}, drops=[])


def _judge(site: str, by_day: dict[date, list[int]]) -> SourceHealth:
    ordered = sorted(by_day)
    looked_at = ordered[-1]
    current = by_day[looked_at]
    pooled = [
        sum(column) for column in zip(*(by_day[d] for d in ordered[-1 - BASELINE_DAYS : -1]), strict=True)
    ]
    baseline = _shares(pooled) if pooled else {}
    health = SourceHealth(
        site=site,
        articles=sum(counts[0] for counts in by_day.values()),
        last_day=looked_at,
        current=_shares(current),
        baseline=baseline,
        drops=[],
        baseline_articles=pooled[0] if pooled else 0,
        current_articles=current[0],
    )
    if health.judged:
        health.drops.extend(
            FieldDrop(name, baseline[name], health.current[name], looked_at)
            for name in HEALTH_FIELDS
            if is_drop(baseline[name], health.current[name])
        )
    return health


def is_drop(baseline: float, current: float) -> bool:
    """Whether a share falling from `baseline` to `current` is a drop (see the module's rules)."""
    return baseline - current >= MIN_DROP - 1e-9 and current < baseline * MAX_RATIO
