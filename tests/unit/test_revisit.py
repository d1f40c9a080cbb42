"""The revisit policy: which stored articles are fetched again, and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newscrawl.crawl.revisit import RevisitPolicy
from newscrawl.store import FetchState

NOW = datetime(2024, 4, 2, 12, 0, tzinfo=UTC)
POLICY = RevisitPolicy(within=timedelta(days=1), max_revisits=2, after=timedelta(hours=1))


def state(**fields: object) -> FetchState:
    values: dict[str, object] = {
        "article_id": 1,
        "fetched_at": NOW - timedelta(hours=3),
        "published_at": NOW - timedelta(days=5),
        "listing_date": datetime(2024, 4, 1, tzinfo=UTC),
        "revisits": 0,
        "alias": False,
    }
    return FetchState(**{**values, **fields})  # type: ignore[arg-type]


def test_listing_date_that_moved_brings_the_page_back() -> None:
    assert POLICY.due(state(), datetime(2024, 4, 2, tzinfo=UTC), NOW) == "listing_date_moved"
    assert POLICY.due(state(), datetime(2024, 4, 1, tzinfo=UTC), NOW) is None


def test_young_articles_are_revisited_a_bounded_number_of_times() -> None:
    young = NOW - timedelta(hours=6)
    assert POLICY.due(state(published_at=young), None, NOW) == "young"
    assert POLICY.due(state(published_at=young, revisits=2), None, NOW) is None
    assert POLICY.due(state(published_at=young, fetched_at=NOW - timedelta(minutes=10)), None, NOW) is None


def test_an_alias_gets_the_decision_of_its_article() -> None:
    # A site may list an article only under an alias (a tracking variant, the URL its
    # canonical replaced): its listing date moving is the article's.
    for alias in (False, True):
        assert POLICY.due(state(alias=alias), datetime(2024, 4, 3, tzinfo=UTC), NOW) == "listing_date_moved"
        assert POLICY.due(state(alias=alias), datetime(2024, 4, 1, tzinfo=UTC), NOW) is None
        young = state(alias=alias, published_at=NOW - timedelta(hours=6))
        assert POLICY.due(young, None, NOW) == "young"


def test_off_by_default_for_young_articles() -> None:
    policy = RevisitPolicy(within=timedelta(0), max_revisits=3, after=timedelta(hours=1))
    assert policy.due(state(published_at=NOW - timedelta(hours=2)), None, NOW) is None
