"""Which URL an article is stored under, on SQLite and PostgreSQL: canonicals on the same site and
on another one, canonicals that are no URL, and revisits through any URL that led to an article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.crawl.items import InvalidArticle, as_article
from newscrawl.crawl.revisit import RevisitPolicy
from newscrawl.extraction import extract_article
from newscrawl.extraction.errors import InvalidPageUrl
from newscrawl.store import (
    ArticleFilters,
    ArticleWriter,
    Outcome,
    get_article,
    list_articles,
    open_engine,
    start_run,
)
from newscrawl.urlkey import url_key
from tests.articles import make_article
from tests.sitegen import TEMPLATE

POLICY = RevisitPolicy(within=timedelta(0), max_revisits=3, after=timedelta(hours=1))
NOW = datetime(2024, 4, 3, 12, tzinfo=UTC)
LOCAL = "https://www.local.example/wire/2024/04/storm-hits-coast"
WIRE = "https://wire.example/stories/storm-hits-coast"


def test_a_canonical_on_another_site_does_not_replace_url_or_site(database_url: str) -> None:
    engine = open_engine(database_url)
    [result] = ArticleWriter(engine).save([make_article(LOCAL, canonical_url=WIRE, url_key=url_key(WIRE))])
    assert result.outcome is Outcome.STORED
    stored = get_article(engine, str(result.article_id))
    assert stored is not None
    assert (stored.url, stored.url_key, stored.site) == (
        LOCAL,
        "local.example/wire/2024/04/storm-hits-coast",
        "local.example",
    )
    assert stored.canonical_url == WIRE
    # `--site` finds it under the site it was found on, spelled as a user would
    for site in ("local.example", "www.local.example", "https://local.example/"):
        assert [a.id for a in list_articles(engine, ArticleFilters(site=site))] == [result.article_id]
    assert list_articles(engine, ArticleFilters(site="wire.example")) == []
    # the canonical leads to it
    found = get_article(engine, WIRE + "?utm_source=rss")
    assert found is not None and found.id == result.article_id and WIRE in found.aliases


def test_the_site_a_canonical_names_keeps_its_own_article(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    [copy] = writer.save([make_article(LOCAL, canonical_url=WIRE)])
    # The wire's own page is not known yet: the seen-set lets it be fetched ...
    assert url_key(WIRE) not in writer.fetch_states([url_key(WIRE)])
    # ... and it is stored as an article of its own, on its own site.
    [own] = writer.save([make_article(WIRE, body="The wire's own story, word for word. " * 20)])
    assert own.outcome is Outcome.STORED and own.article_id != copy.article_id
    assert writer.fetch_states([url_key(WIRE)])[url_key(WIRE)].article_id == own.article_id
    shown = get_article(engine, WIRE)
    assert shown is not None and shown.id == own.article_id and shown.site == "wire.example"
    # the copy, fetched again, is still the copy
    [again] = writer.save([make_article(LOCAL, canonical_url=WIRE)])
    assert again.article_id == copy.article_id


def test_a_canonical_on_the_same_site_is_the_address(database_url: str) -> None:
    engine = open_engine(database_url)
    fetched = "https://example.com/news/a-123.amp.html?from=rss"
    canonical = "https://www.example.com/news/storm"
    [result] = ArticleWriter(engine).save([make_article(fetched, canonical_url=canonical)])
    stored = get_article(engine, fetched)
    assert stored is not None and stored.id == result.article_id
    assert (stored.url, stored.url_key, stored.site) == (canonical, "example.com/news/storm", "example.com")
    assert stored.aliases == [fetched]


@pytest.mark.parametrize(
    "canonical",
    ["http://[zz]/x", "http://[::1/x", "https://example.com:99999/a", "https://example.com:port/a"],
)
def test_a_canonical_that_is_no_url_costs_only_itself(database_url: str, canonical: str) -> None:
    engine = open_engine(database_url)
    # As an item of any spider: dropped, the article kept.
    item = {"url": "https://example.com/news/a", "headline": "A headline", "body": "A body. " * 40}
    article = as_article({**item, "canonical_url": canonical})
    assert article is not None and article.canonical_url is None and article.url_key == "example.com/news/a"
    # As an Article handed straight to the store: stored under its own URL.
    [result] = ArticleWriter(engine).save(
        [make_article("https://example.com/news/a", canonical_url=canonical)]
    )
    assert result.outcome is Outcome.STORED
    stored = get_article(engine, "https://example.com/news/a")
    assert stored is not None and stored.url == "https://example.com/news/a" and stored.aliases == []
    assert stored.canonical_url is None


def test_a_spiders_relative_canonical_is_read_against_its_url() -> None:
    item = {"url": LOCAL, "headline": "A headline", "body": "A body. " * 40, "canonical_url": "/news/storm"}
    article = as_article(item)
    assert article is not None
    assert (article.canonical_url, article.url_key) == (
        "https://www.local.example/news/storm",
        "local.example/news/storm",
    )


@pytest.mark.parametrize("url", ["http://[zz]/x", "https://example.com:99999/a", "http://exa mple.com/a"])
def test_an_article_whose_url_is_none_is_refused_by_name(url: str) -> None:
    with pytest.raises(InvalidArticle, match="url"):
        as_article({"url": url, "headline": "A headline", "body": "A body. " * 40})
    with pytest.raises(InvalidPageUrl):
        extract_article(TEMPLATE.read_text(encoding="utf-8"), url)


def test_a_lookup_by_an_url_nobody_could_fetch_finds_nothing(database_url: str) -> None:
    engine = open_engine(database_url)
    assert get_article(engine, "http://[zz]/x") is None


def test_every_spelling_of_an_url_finds_its_article(database_url: str) -> None:
    engine = open_engine(database_url)
    [result] = ArticleWriter(engine).save([make_article("https://bücher.example/caf%C3%A9/./neu")])
    for spelling in (
        "https://bücher.example/café/neu",
        "http://www.xn--bcher-kva.example/caf%c3%a9/neu/",
        "https://xn--bcher-kva.example/caf%C3%A9/alt/../neu#kommentare",
    ):
        found = get_article(engine, spelling)
        assert found is not None and found.id == result.article_id, spelling


@pytest.mark.parametrize(
    ("listed", "canonical", "first_stored"),
    [
        # the URL a same-site canonical replaced
        ("https://example.com/news/a-123", "https://example.com/news/storm", None),
        # a same-body copy of a story stored before it
        ("https://example.com/business/storm-copy", None, "https://example.com/news/storm"),
    ],
)
def test_a_listed_alias_is_revisited_as_its_article(
    database_url: str, listed: str, canonical: str | None, first_stored: str | None
) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    first_listed = datetime(2024, 4, 1, tzinfo=UTC)
    body = "The story as it was first told. " * 30
    first = [make_article(url, body=body, listing_date=first_listed) for url in [first_stored] if url]
    listed_first = make_article(listed, body=body, canonical_url=canonical, listing_date=first_listed)
    results = writer.save([*first, listed_first], start_run(engine, "news", []))
    article_id = results[0].article_id
    key = url_key(listed)
    state = writer.fetch_states([key])[key]
    assert (state.article_id, state.alias) == (article_id, True)
    assert POLICY.due(state, first_listed, NOW) is None
    moved = datetime(2024, 4, 2, tzinfo=UTC)
    assert POLICY.due(state, moved, NOW) == "listing_date_moved"

    edited = make_article(
        listed, body="An edited story body. " * 30, canonical_url=canonical, listing_date=moved
    )
    [again] = writer.save([edited], start_run(engine, "news", []))
    assert (again.outcome, again.article_id) == (Outcome.REVISED, article_id)
    assert len(list_articles(engine, limit=None)) == 1
    state = writer.fetch_states([key])[key]
    assert POLICY.due(state, moved, NOW) is None


def test_an_older_listing_date_of_another_alias_does_not_move_it_back(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    newer = datetime(2024, 4, 2, tzinfo=UTC)
    writer.save([make_article("https://example.com/a", listing_date=newer)], start_run(engine, "news", []))
    older = make_article("https://example.com/a?utm_source=x", listing_date=datetime(2024, 3, 1, tzinfo=UTC))
    writer.save([older], start_run(engine, "news", []))
    key = url_key("https://example.com/a")
    assert writer.fetch_states([key])[key].listing_date == newer


def test_an_alias_fetched_with_a_later_listing_date_is_not_fetched_again_for_it(database_url: str) -> None:
    # A wire story and its same-body copy, listed 28 minutes apart, both fetched in one run.
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    body = "The wire story, word for word. " * 30
    story, copy = "https://example.com/news/rates", "https://example.com/business/rates-copy"
    listed = {
        story: datetime(2024, 3, 20, 18, 2, tzinfo=UTC),
        copy: datetime(2024, 3, 20, 18, 30, tzinfo=UTC),
    }
    results = writer.save(
        [make_article(url, body=body, listing_date=date) for url, date in listed.items()],
        start_run(engine, "news", []),
    )
    assert [r.outcome for r in results] == [Outcome.STORED, Outcome.DUPLICATE_CONTENT]
    states = writer.fetch_states([url_key(u) for u in listed])
    for url, date in listed.items():
        assert POLICY.due(states[url_key(url)], date, NOW) is None, url


@pytest.mark.parametrize(
    ("canonical", "stored_canonical", "key"),
    [
        (WIRE, WIRE, "local.example/wire/2024/04/storm-hits-coast"),
        ("/news/storm", "https://www.local.example/news/storm", "local.example/news/storm"),
        ("http://[zz]/x", None, "local.example/wire/2024/04/storm-hits-coast"),
        ("https://local.example:99999/x", None, "local.example/wire/2024/04/storm-hits-coast"),
    ],
)
def test_extraction_keys_a_page_by_its_identity(
    canonical: str, stored_canonical: str | None, key: str
) -> None:
    page = TEMPLATE.read_text(encoding="utf-8").replace(
        "</head>", f'<link rel="canonical" href="{canonical}"></head>'
    )
    article = extract_article(page, LOCAL)
    assert (article.canonical_url, article.url_key, article.site) == (stored_canonical, key, "local.example")
