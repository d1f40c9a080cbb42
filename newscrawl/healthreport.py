"""Source health in words: the warning line of a drop, and a source's health in `sources`."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine

from newscrawl.store import FieldDrop, SourceHealth, StoreError, run_drops

# What the articles have, as a sentence says it.
FIELD_WORDS = {
    "headline": "headlines",
    "body": "bodies over 500 characters",
    "date": "dates",
    "authors": "authors",
    "tags": "tags",
    "caption": "captions",
}


def _day_words(day: date, today: date) -> str:
    return "today's" if day == today else f"{day.isoformat()}'s"


def warning_line(site: str, drop: FieldDrop, today: date | None = None) -> str:
    """'warning: example.com: dates on 20% of today's articles (baseline 98%)'."""
    when = _day_words(drop.day, today or datetime.now(UTC).date())
    return (
        f"warning: {site}: {FIELD_WORDS[drop.field]} on {drop.current:.0%} of {when} articles "
        f"(baseline {drop.baseline:.0%})"
    )


def warning_lines(health: list[SourceHealth]) -> list[str]:
    """One line per drop, site by site."""
    return [warning_line(h.site, drop) for h in health for drop in h.drops]


def run_warnings(engine: Engine, run_id: int) -> list[str]:
    """The warning lines of the drops a run caused; one line saying so when the store cannot
    tell (the crawl's own result stands either way)."""
    try:
        return warning_lines(run_drops(engine, run_id))
    except StoreError as error:
        return [f"warning: source health not checked: {error}"]


def health_words(health: list[SourceHealth]) -> str:
    """A source's health from its sites': its drops first (named by site when it has more than
    one), else ok, or why it cannot be judged yet."""
    named = len(health) > 1
    drops = [
        f"{h.site + ' ' if named else ''}{FIELD_WORDS[d.field]} {d.baseline:.0%}->{d.current:.0%}"
        for h in health
        for d in h.drops
    ]
    if drops:
        return "DROP: " + ", ".join(drops)
    if not any(h.articles for h in health):
        return "no articles"
    return "ok" if any(h.judged for h in health) else "too few articles to judge"


def health_record(health: list[SourceHealth]) -> list[dict[str, object]]:
    """The drops of a source's sites, for JSON."""
    return [
        {
            "site": h.site,
            "field": d.field,
            "baseline": round(d.baseline, 3),
            "current": round(d.current, 3),
            "day": d.day,
        }
        for h in health
        for d in h.drops
    ]
