"""A page that gives only a day is dated with a day: read so, stored so, shown so."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from newscrawl.article import DAY, INSTANT, Article
from newscrawl.extraction.dates import written_precision
from newscrawl.serve.pages import when
from newscrawl.store import ArticleFilters, ArticleWriter, get_article, list_articles, open_engine
from newscrawl.store.db import upgrade_store
from newscrawl.store.migrations.runner import _config, head
from newscrawl.store.models import ExtractionChangeRow
from newscrawl.store.reextraction import StoredPage, apply_extraction
from tests.articles import make_article


@pytest.mark.parametrize(
    ("raw", "precision"),
    [
        ("2024-03-14", DAY),
        ("March 14, 2024", DAY),
        ("Published 14 March 2024", DAY),
        ("14.03.2024", DAY),
        ("Thu, 14 Mar 2024", DAY),
        ("2024-03-14T10:00:00+01:00", INSTANT),
        # Midnight written out is what the page said: an instant.
        ("2024-03-14T00:00:00Z", INSTANT),
        ("2024-03-14 00:00", INSTANT),
        ("March 14, 2024 at 10:00 am EDT", INSTANT),
        ("14.03.2024 22.15 Uhr", INSTANT),
        ("Thu, 14 Mar 2024 10:00:00 GMT", INSTANT),
        ("no date here", None),
        (None, None),
    ],
)
def test_the_precision_a_date_is_written_with(raw: str | None, precision: str | None) -> None:
    assert written_precision(raw) == precision


def _day(url: str = "https://example.com/day") -> Article:
    return make_article(
        url,
        published_at=datetime(2024, 3, 14, tzinfo=UTC),
        published_raw="2024-03-14",
        published_precision=DAY,
        published_date=date(2024, 3, 14),
    )


def test_a_day_alone_is_written_as_the_day_and_read_back() -> None:
    article = _day()
    assert article.published == date(2024, 3, 14)
    record = article.to_json()
    assert (record["published_at"], record["published_precision"]) == ("2024-03-14", DAY)
    assert Article.from_json(record) == article
    # An article from a JSON line that predates the precision: its bare day is a day too.
    older = {k: v for k, v in record.items() if k != "published_precision"}
    assert Article.from_json(older).published_precision == DAY


def test_an_instant_is_written_whole() -> None:
    article = make_article("https://example.com/instant", published_precision=INSTANT)
    assert article.to_json()["published_at"] == "2024-03-12T10:00:00+00:00"
    assert Article.from_json(article.to_json()) == article


def test_the_web_pages_write_a_day_without_a_time() -> None:
    assert when(date(2024, 3, 14)) == "2024-03-14"
    assert when(datetime(2024, 3, 14, 9, 30, tzinfo=UTC)) == "2024-03-14 09:30 UTC"


def test_a_stored_day_comes_back_a_day_and_sorts_among_instants(database_url: str) -> None:
    engine = open_engine(database_url)
    late = make_article("https://example.com/late", published_at=datetime(2024, 3, 14, 23, 0, tzinfo=UTC))
    ArticleWriter(engine).save([_day(), late])
    stored = get_article(engine, "https://example.com/day")
    assert stored is not None
    assert (stored.published, stored.published_precision) == (date(2024, 3, 14), DAY)
    assert stored.to_json()["published_at"] == "2024-03-14"
    since = ArticleFilters(since=datetime(2024, 3, 14, tzinfo=UTC))
    assert [a.url for a in list_articles(engine, since)] == [
        "https://example.com/late",
        "https://example.com/day",
    ]
    engine.dispose()


def test_a_store_of_revision_0007_judges_its_dates_by_their_raw_text(database_url: str) -> None:
    engine = open_engine(database_url)
    words = _day("https://example.com/words")
    words.published_raw = "March 14, 2024"
    ArticleWriter(engine).save(
        [_day(), words, make_article("https://example.com/instant"), make_article("https://example.com/none")]
    )
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET published_at = NULL WHERE url LIKE '%/none'"))
        command.downgrade(_config(connection), "0007")
    engine.dispose()

    upgraded = upgrade_store(database_url)
    assert (upgraded.before, upgraded.after) == ("0007", head())
    precisions = {a.url.rsplit("/", 1)[1]: a.published_precision for a in list_articles(upgraded.engine)}
    # A day in words is known only by extracting its page again (reextract).
    assert precisions == {"day": DAY, "words": INSTANT, "instant": INSTANT, "none": None}
    upgraded.engine.dispose()


def test_extracting_again_turns_a_midnight_instant_into_the_day_it_was(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    url = "https://example.com/words"
    stored_as = make_article(url, published_at=datetime(2024, 3, 14, tzinfo=UTC), published_precision=INSTANT)
    ArticleWriter(engine).save([stored_as])
    stored = get_article(engine, url)
    assert stored is not None
    page = StoredPage(stored.id, 1, True, url, b"", "none", None, {}, stored.fetched_at)
    with Session(engine) as session, session.begin():
        assert apply_extraction(session, page, _day(url), datetime.now(UTC), "test")
    with Session(engine) as session:
        change = session.scalars(select(ExtractionChangeRow)).one()
        assert change.before["published_at"] == "2024-03-14T00:00:00+00:00"
        assert change.before["published_precision"] == INSTANT
    again = get_article(engine, url)
    assert again is not None and again.to_json()["published_at"] == "2024-03-14"
    engine.dispose()
