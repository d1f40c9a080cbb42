"""A page that gives only a day is dated with a day: read so, stored so, shown so."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.article import DAY, INSTANT, Article
from newscrawl.extraction import extract_article
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


def _day(url: str = "https://example.com/day", name: str = "published") -> Article:
    """An article whose `name` date ('published' or 'modified') the page gave as a day alone."""
    fields: dict[str, object] = {
        f"{name}_at": datetime(2024, 3, 14, tzinfo=UTC),
        f"{name}_raw": "2024-03-14",
        f"{name}_precision": DAY,
    }
    if name == "published":
        fields["published_date"] = date(2024, 3, 14)
    return make_article(url, **fields)


DATES = pytest.mark.parametrize("name", ["published", "modified"])


@DATES
def test_a_day_alone_is_written_as_the_day_and_read_back(name: str) -> None:
    article = _day(name=name)
    assert getattr(article, name) == date(2024, 3, 14)
    record = article.to_json()
    assert (record[f"{name}_at"], record[f"{name}_precision"]) == ("2024-03-14", DAY)
    assert Article.from_json(record) == article
    # An article from a JSON line that predates the precision: its bare day is a day too.
    older = {k: v for k, v in record.items() if k != f"{name}_precision"}
    assert getattr(Article.from_json(older), f"{name}_precision") == DAY


def test_an_instant_is_written_whole() -> None:
    article = make_article("https://example.com/instant", published_precision=INSTANT)
    assert article.to_json()["published_at"] == "2024-03-12T10:00:00+00:00"
    assert Article.from_json(article.to_json()) == article


def test_the_web_pages_write_a_day_without_a_time() -> None:
    assert when(date(2024, 3, 14)) == "2024-03-14"
    assert when(datetime(2024, 3, 14, 9, 30, tzinfo=UTC)) == "2024-03-14 09:30 UTC"


@DATES
def test_a_stored_day_comes_back_a_day(database_url: str, name: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save([_day(name=name)])
    stored = get_article(engine, "https://example.com/day")
    assert stored is not None
    assert (getattr(stored, name), getattr(stored, f"{name}_precision")) == (date(2024, 3, 14), DAY)
    assert stored.to_json()[f"{name}_at"] == "2024-03-14"
    engine.dispose()


def test_a_stored_day_sorts_among_instants(database_url: str) -> None:
    engine = open_engine(database_url)
    late = make_article("https://example.com/late", published_at=datetime(2024, 3, 14, 23, 0, tzinfo=UTC))
    ArticleWriter(engine).save([_day(), late])
    since = ArticleFilters(since=datetime(2024, 3, 14, tzinfo=UTC))
    assert [a.url for a in list_articles(engine, since)] == [
        "https://example.com/late",
        "https://example.com/day",
    ]
    engine.dispose()


@pytest.mark.parametrize(("name", "revision"), [("published", "0007"), ("modified", "0008")])
def test_a_store_from_before_the_precision_judges_dates_by_their_raw_text(
    database_url: str, name: str, revision: str
) -> None:
    engine = open_engine(database_url)
    words = _day("https://example.com/words", name)
    setattr(words, f"{name}_raw", "March 14, 2024")
    instant = make_article(
        "https://example.com/instant",
        **{f"{name}_at": datetime(2024, 3, 14, 9, 30, tzinfo=UTC), f"{name}_raw": "2024-03-14T09:30:00Z"},
    )
    undated = make_article("https://example.com/none", **{f"{name}_at": None})
    ArticleWriter(engine).save([_day(name=name), words, instant, undated])
    with engine.begin() as connection:
        command.downgrade(_config(connection), revision)
    engine.dispose()

    upgraded = upgrade_store(database_url)
    assert (upgraded.before, upgraded.after) == (revision, head())
    precisions = {
        a.url.rsplit("/", 1)[1]: getattr(a, f"{name}_precision") for a in list_articles(upgraded.engine)
    }
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


# The date of the last change is read, stored and shown as precisely as the page gave it, too.


def test_a_page_modified_on_a_day_alone_is_modified_that_day() -> None:
    page = (
        "<html><head><title>Harbour</title>"
        '<meta property="article:published_time" content="2024-03-12T10:00:00+00:00">'
        '<meta property="article:modified_time" content="2024-03-14"></head>'
        "<body><article><h1>Harbour</h1>"
        + "".join(
            f"<p>The harbour board met on day {n} and agreed to dredge channel {n} before summer.</p>"
            for n in range(8)
        )
        + "</article></body></html>"
    )
    article = extract_article(page, "https://example.com/news/harbour")
    assert (article.modified, article.modified_precision) == (date(2024, 3, 14), DAY)
    assert article.to_json()["modified_at"] == "2024-03-14"
    assert article.published_precision == INSTANT
