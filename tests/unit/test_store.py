"""The store on SQLite and PostgreSQL: writes, duplicates, aliases, queries and search."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.store import (
    ArticleFilters,
    ArticleWriter,
    Outcome,
    SearchRefused,
    StoreError,
    finish_run,
    get_article,
    list_articles,
    list_runs,
    open_engine,
    search,
    start_run,
)
from tests.articles import make_article


def test_round_trip_keeps_every_field(database_url: str) -> None:
    engine = open_engine(database_url)
    article = make_article(
        "https://example.com/news/a", subheadings=["Sub"], section="Local", provenance={"headline": "json-ld"}
    )
    [result] = ArticleWriter(engine).save([article])
    stored = get_article(engine, str(result.article_id))
    assert stored is not None
    for name in (
        "url",
        "url_key",
        "site",
        "section",
        "headline",
        "body",
        "subheadings",
        "images",
        "caption",
        "image_credit",
        "tags",
        "authors",
        "published_at",
        "published_date",
        "language",
        "content_hash",
        "simhash",
        "provenance",
    ):
        assert getattr(stored, name) == getattr(article, name), name


def test_same_url_key_is_stored_once_with_alias(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    first = make_article("https://example.com/news/a")
    tracked = make_article("https://www.example.com/news/a/?utm_source=x")
    results = writer.save([first]) + writer.save([tracked])
    assert [r.outcome for r in results] == [Outcome.STORED, Outcome.DUPLICATE_URL]
    assert len(list_articles(engine)) == 1
    stored = get_article(engine, "https://www.example.com/news/a/?utm_source=x")
    assert stored is not None and tracked.url in stored.aliases


def test_same_body_on_one_site_is_a_content_duplicate(database_url: str) -> None:
    engine = open_engine(database_url)
    body = "The same wire story body, word for word. " * 20
    results = ArticleWriter(engine).save(
        [
            make_article("https://example.com/news/a", body=body),
            make_article("https://example.com/business/b", body=body.upper()),
        ]
    )
    assert [r.outcome for r in results] == [Outcome.STORED, Outcome.DUPLICATE_CONTENT]
    stored = get_article(engine, "https://example.com/business/b")
    assert stored is not None and stored.url == "https://example.com/news/a"


def test_same_body_on_two_sites_is_two_articles(database_url: str) -> None:
    engine = open_engine(database_url)
    body = "A syndicated story. " * 30
    results = ArticleWriter(engine).save(
        [
            make_article("https://example.com/a", body=body),
            make_article("https://example.org/a", body=body),
        ]
    )
    assert [r.outcome for r in results] == [Outcome.STORED, Outcome.STORED]


def test_known_url_keys_include_aliases(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    writer.save(
        [
            make_article(
                "https://example.com/a",
                canonical_url="https://example.com/canonical-a",
                url_key="example.com/canonical-a",
            )
        ]
    )
    assert set(writer.fetch_states(["example.com/canonical-a", "example.com/a", "example.com/b"])) == {
        "example.com/canonical-a",
        "example.com/a",
    }


def test_list_filters(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article(
                "https://example.com/a",
                tags=["Budget"],
                language="en",
                published_at=datetime(2024, 1, 5, tzinfo=UTC),
            ),
            make_article(
                "https://example.org/b",
                tags=["Sport"],
                language="de",
                published_at=datetime(2024, 2, 5, tzinfo=UTC),
            ),
        ]
    )
    assert [a.site for a in list_articles(engine)] == ["example.org", "example.com"]
    assert [a.site for a in list_articles(engine, ArticleFilters(site="www.example.com"))] == ["example.com"]
    assert [a.site for a in list_articles(engine, ArticleFilters(tag="sport"))] == ["example.org"]
    assert [a.site for a in list_articles(engine, ArticleFilters(language="de"))] == ["example.org"]
    assert [
        a.site for a in list_articles(engine, ArticleFilters(since=datetime(2024, 2, 1, tzinfo=UTC)))
    ] == ["example.org"]
    assert [
        a.site for a in list_articles(engine, ArticleFilters(until=datetime(2024, 2, 1, tzinfo=UTC)))
    ] == ["example.com"]
    assert len(list_articles(engine, limit=1)) == 1


@pytest.mark.parametrize(
    "hostile", ['"', "'; DROP TABLE articles; --", "NEAR(", "a OR", "*", "body:x", "^", ""]
)
def test_search_survives_any_input(database_url: str, hostile: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save([make_article("https://example.com/a", body="Flood defences approved. " * 20)])
    try:
        search(engine, hostile)
    except SearchRefused as refused:  # "a OR" misuses the search language
        assert len(str(refused).splitlines()) == 1
    assert len(list_articles(engine)) == 1


def test_search_ranks_and_snippets(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article("https://example.com/a", body="Trains and buses. " * 20 + "One flood."),
            make_article("https://example.com/b", body="Flood warning, flood defences, flood walls. " * 20),
        ]
    )
    hits = search(engine, "flood").hits
    assert [h.article.url for h in hits] == ["https://example.com/b", "https://example.com/a"]
    assert "flood" in hits[0].snippet.lower()
    assert search(engine, "flood \"'; DROP").hits == []


def test_runs_record_stats(database_url: str) -> None:
    engine = open_engine(database_url)
    run_id = start_run(engine, "news", ["https://example.com/"])
    finish_run(engine, run_id, "finished", {"newscrawl/stored": 3})
    [run] = list_runs(engine)
    assert (run.id, run.finish_reason, run.stats["newscrawl/stored"]) == (run_id, "finished", 3)
    assert run.finished_at is not None and run.finished_at >= run.started_at


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdialect://x/y",
        "postgresql://nobody@127.0.0.1:1/none",
        "sqlite:////no/such/folder/x.db",
    ],
)
def test_bad_database_is_one_clear_error(url: str) -> None:
    with pytest.raises(StoreError, match="database"):
        open_engine(url)


def test_a_batch_that_fails_partway_leaves_nothing_behind(database_url: str) -> None:
    """One transaction per batch on every backend: a retry must not meet its own first half."""
    engine = open_engine(database_url)
    broken = make_article("https://example.com/news/broken")
    broken.headline = None  # type: ignore[assignment]  # the NOT NULL column refuses it
    batch = [make_article(f"https://example.com/news/{n}", body=f"Story {n}. " * 40) for n in range(3)]
    with pytest.raises(StoreError):
        ArticleWriter(engine).save([*batch, broken])
    assert list_articles(engine, limit=None) == []
    results = ArticleWriter(engine).save(batch)
    assert [r.outcome for r in results] == [Outcome.STORED] * 3
