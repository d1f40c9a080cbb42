"""SQL statements the crawl's writes and seen-checks cost, counted at the cursor on both backends."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from sqlalchemy import Engine, event

from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.dedup import LOOKUP_LINGER, DedupPipeline
from newscrawl.crawl.seen import ROLE, SeenUrlsMiddleware
from newscrawl.crawl.store import StorePipeline
from newscrawl.store import ArticleFilters, ArticleWriter, Outcome, get_article, list_articles, open_engine
from tests.articles import make_article
from tests.unit.test_pipelines import crawler_for

# The bound: at most this many statements per new article when a batch is stored.
PER_NEW_ARTICLE = 4


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends to the database meanwhile, from any thread."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def tagged(first: int, count: int) -> list[Any]:
    return [
        make_article(
            f"https://example.com/news/{n}",
            body=f"Story number {n} about the harbour. " * 30,
            tags=["Budget", f"Topic {n}", "Flooding"],
            canonical_url=f"https://example.com/news/{n}/",
        )
        for n in range(first, first + count)
    ]


async def _store(pipeline: StorePipeline, articles: list[Any]) -> None:
    await pipeline.open_spider()
    for article in articles:
        await pipeline.process_item(article)
    await pipeline.close_spider()


def test_the_pipeline_stores_new_articles_in_a_few_statements_a_batch(database_url: str) -> None:
    crawler = crawler_for(database_url, NEWSCRAWL_STORE_BATCH_SIZE=50)
    pipeline = StorePipeline.from_crawler(crawler)
    articles = tagged(0, 50)
    with counted(crawler_engine(crawler)) as statements:
        asyncio.run(_store(pipeline, articles))
    assert crawler.stats.get_value("newscrawl/stored") == 50
    assert len(statements) <= PER_NEW_ARTICLE * 50, statements
    # Batched, not per article: a fixed handful of statements for the whole batch.
    assert len(statements) <= 12, statements
    stored = get_article(open_engine(database_url), "https://example.com/news/7")
    assert stored is not None
    assert stored.tags == ["Budget", "Topic 7", "Flooding"]
    assert stored.url == "https://example.com/news/7/" and stored.aliases == ["https://example.com/news/7"]
    assert [i.url for i in stored.images] == ["https://example.com/a.jpg"]


def test_a_bigger_batch_costs_no_more_statements(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    with counted(engine) as small:
        writer.save(tagged(0, 20))
    with counted(engine) as big:
        writer.save(tagged(20, 100))
    assert len(big) == len(small), (small, big)
    assert len(list_articles(engine, limit=None)) == 120


def test_tags_already_known_are_linked_not_made_again(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    writer.save(tagged(0, 3))
    writer.save([make_article("https://example.com/other", tags=["budget", "Topic 1", "New one"])])
    stored = get_article(engine, "https://example.com/other")
    assert stored is not None
    # A known tag is linked, whatever its case here, and the article keeps its own spelling.
    assert stored.tags == ["budget", "Topic 1", "New one"]
    assert (
        list_articles(engine, ArticleFilters(tag="BUDGET"), limit=None)[-1].url
        == "https://example.com/news/0/"
    )


def test_a_batch_mixing_new_known_and_repeated_articles_keeps_every_outcome(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    [first] = writer.save([make_article("https://example.com/a")])
    results = writer.save(
        [
            make_article("https://example.com/b", canonical_url="https://example.com/b-canonical"),
            make_article("https://example.com/a?utm_source=x"),  # known: the stored article's URL
            make_article("https://example.com/b"),  # repeats the first one's fetched URL
            make_article("https://example.com/c", body="Body of https://example.com/b. " * 30),
            make_article("https://example.com/d"),
        ]
    )
    assert [r.outcome for r in results] == [
        Outcome.STORED,
        Outcome.DUPLICATE_URL,
        Outcome.DUPLICATE_URL,
        Outcome.DUPLICATE_CONTENT,
        Outcome.STORED,
    ]
    assert results[1].article_id == first.article_id
    assert results[2].article_id == results[0].article_id == results[3].article_id
    assert len(list_articles(engine, limit=None)) == 3


def test_a_seen_check_costs_at_most_one_statement(database_url: str) -> None:
    crawler = crawler_for(database_url)
    engine = open_engine(database_url)
    ArticleWriter(engine).save([make_article(f"https://example.com/{n}") for n in range(0, 50, 2)])
    middleware = SeenUrlsMiddleware.from_crawler(crawler)

    async def check(url: str) -> bool:
        try:
            await middleware.process_request(Request(url, meta={ROLE: "article"}))
        except IgnoreRequest:
            return False
        return True

    async def all_checks() -> list[bool]:
        return list(await asyncio.gather(*(check(f"https://example.com/{n}") for n in range(50))))

    with counted(crawler_engine(crawler)) as statements:
        fetched = asyncio.run(all_checks())
    assert fetched == [n % 2 == 1 for n in range(50)]
    assert len(statements) <= 50, statements
    # Concurrent requests share look-ups: the first asks alone, the rest together.
    assert crawler.stats.get_value("newscrawl/seen_lookups") <= 2


def test_articles_arriving_one_at_a_time_share_near_duplicate_look_ups(sqlite_url: str) -> None:
    # As extraction workers hand them on: a few milliseconds apart, never all at once.
    crawler = crawler_for(sqlite_url)
    pipeline = DedupPipeline.from_crawler(crawler)

    async def trickle() -> None:
        marked = []
        for n in range(20):
            body = f"Story {n} about the harbour. " * 40
            marked.append(
                asyncio.ensure_future(pipeline.process_item(make_article(f"https://example.com/{n}", body)))
            )
            await asyncio.sleep(LOOKUP_LINGER / 20)
        await asyncio.gather(*marked)

    with counted(crawler_engine(crawler)) as statements:
        asyncio.run(trickle())
    # Spread over about one linger (longer on a busy machine), they share a few calls; each
    # would cost its own without the linger.
    assert crawler.stats.get_value("newscrawl/near_duplicate_lookups") <= 5
    assert len(statements) <= 5, statements
