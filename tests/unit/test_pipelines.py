"""Pipelines and middleware built with from_crawler against a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.utils.test import get_crawler
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.cli.context import load_settings
from newscrawl.crawl.dedup import DedupPipeline
from newscrawl.crawl.seen import ROLE, SeenUrlsMiddleware
from newscrawl.crawl.store import StorePipeline
from newscrawl.crawl.validate import ValidatePipeline
from newscrawl.keptpage import keep_page, page_bytes
from newscrawl.store import ArticleWriter, list_articles, open_engine
from newscrawl.store.models import PageRow
from spiders.news import NewsSpider
from tests.articles import make_article
from tests.cli import run_newscrawl


def crawler_for(db_url: str, **settings: Any) -> Any:
    base = load_settings(db_url)
    # Components are driven by asyncio.run here; no Twisted reactor is needed.
    base.set("TWISTED_REACTOR_ENABLED", False)
    for name, value in settings.items():
        base.set(name, value)
    crawler = get_crawler(NewsSpider, dict(base))
    crawler.stats.open_spider()
    return crawler


def test_validate_drops_incomplete_articles(sqlite_url: str) -> None:
    crawler = crawler_for(sqlite_url)
    pipeline = ValidatePipeline.from_crawler(crawler)
    good = make_article("https://example.com/a")
    assert pipeline.process_item(good) is good
    with pytest.raises(DropItem, match="headline"):
        pipeline.process_item(make_article("https://example.com/b", headline=""))
    assert crawler.stats.get_value("newscrawl/invalid") == 1


def test_dedup_marks_near_duplicates(sqlite_url: str) -> None:
    pipeline = DedupPipeline.from_crawler(crawler_for(sqlite_url))
    body = "A wire story about the central bank holding its rates steady this week. " * 20

    async def marked() -> list[Article]:
        return [
            await pipeline.process_item(make_article("https://example.com/a", body=body)),
            await pipeline.process_item(make_article("https://example.org/b", body=body + " Edited.")),
            await pipeline.process_item(make_article("https://example.org/c", body="Something else. " * 40)),
        ]

    _, copy, other = asyncio.run(marked())
    assert copy.provenance["near_duplicate_of"] == "example.com/a"
    assert "near_duplicate_of" not in other.provenance


async def _store(pipeline: StorePipeline, articles: list[Article]) -> None:
    await pipeline.open_spider()
    for article in articles:
        await pipeline.process_item(article)
    await pipeline.close_spider()


def test_store_writes_batches_and_counts(sqlite_url: str) -> None:
    crawler = crawler_for(sqlite_url, NEWSCRAWL_STORE_BATCH_SIZE=2)
    pipeline = StorePipeline.from_crawler(crawler)
    articles = [make_article(f"https://example.com/{i}") for i in range(5)]
    asyncio.run(_store(pipeline, [*articles, make_article("https://example.com/0?utm_source=x")]))
    assert len(list_articles(open_engine(sqlite_url))) == 5
    assert crawler.stats.get_value("newscrawl/stored") == 5
    assert crawler.stats.get_value("newscrawl/duplicates") == 1


def test_store_survives_a_database_hiccup(sqlite_url: str) -> None:
    """The table vanishes mid-crawl and comes back: every article still lands."""
    crawler = crawler_for(sqlite_url, NEWSCRAWL_STORE_BATCH_SIZE=2)
    pipeline = StorePipeline.from_crawler(crawler)
    engine = open_engine(sqlite_url)

    async def crawl() -> None:
        await pipeline.open_spider()
        await pipeline.process_item(make_article("https://example.com/1"))
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE articles RENAME TO articles_away"))
        await pipeline.process_item(make_article("https://example.com/2"))  # batch fails
        await pipeline.process_item(make_article("https://example.com/3"))
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE articles_away RENAME TO articles"))
        await pipeline.close_spider()

    asyncio.run(crawl())
    assert crawler.stats.get_value("newscrawl/store_errors") >= 1
    assert sorted(a.url for a in list_articles(engine)) == [f"https://example.com/{i}" for i in (1, 2, 3)]


def test_store_spills_what_it_cannot_write(sqlite_url: str, tmp_path: Path) -> None:
    crawler = crawler_for(sqlite_url, NEWSCRAWL_STORE_RETRIES=1, NEWSCRAWL_SPILL_DIR=str(tmp_path))
    pipeline = StorePipeline.from_crawler(crawler)
    engine = open_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE articles"))
        # So that opening it again makes the table anew: a store without its revision is new.
        connection.execute(text("DROP TABLE alembic_version"))
    with_page = make_article("https://example.com/1")
    with_page.page = keep_page(b"<html><p>Kept</p></html>", "text/html; charset=utf-8")
    asyncio.run(_store(pipeline, [with_page, make_article("https://example.com/2")]))
    [spill] = tmp_path.glob("newscrawl-unsaved-*.jsonl")
    records = [json.loads(line) for line in spill.read_text().splitlines()]
    assert [r["url"] for r in records] == ["https://example.com/1", "https://example.com/2"]
    # The spill file is loadable, page and all: nothing extracted is lost.
    loaded = run_newscrawl("import", str(spill), "--db", sqlite_url)
    assert loaded.stdout.strip() == "2 stored, 0 already present", loaded.stderr
    with Session(open_engine(sqlite_url)) as session:
        [page] = session.scalars(select(PageRow)).all()
    assert page_bytes(page.data, page.compression) == b"<html><p>Kept</p></html>"


def test_seen_middleware_skips_stored_articles_only(sqlite_url: str) -> None:
    crawler = crawler_for(sqlite_url)
    ArticleWriter(open_engine(sqlite_url)).save([make_article("https://example.com/a")])
    middleware = SeenUrlsMiddleware.from_crawler(crawler)

    async def check(url: str, role: str) -> bool:
        try:
            await middleware.process_request(Request(url, meta={ROLE: role}))
        except IgnoreRequest:
            return False
        return True

    async def all_checks() -> list[bool]:
        return [
            await check("https://www.example.com/a?utm_source=x", "article"),
            await check("https://example.com/b", "article"),
            await check("https://example.com/a", "listing"),
        ]

    assert asyncio.run(all_checks()) == [False, True, True]
    assert crawler.stats.get_value("newscrawl/skipped_stored") == 1


def test_closing_during_a_timed_flush_writes_each_article_once(tmp_path: Path) -> None:
    """The timer's flush may be committing when the crawl closes; nothing is written twice."""
    for attempt in range(5):
        db = f"sqlite:///{tmp_path / f'close-{attempt}.db'}"
        crawler = crawler_for(db, NEWSCRAWL_STORE_FLUSH_SECONDS=0.001, NEWSCRAWL_STORE_BATCH_SIZE=1000)
        pipeline = StorePipeline.from_crawler(crawler)

        async def crawl(pipeline: StorePipeline = pipeline) -> None:
            await pipeline.open_spider()
            for number in range(30):
                await pipeline.process_item(make_article(f"https://example.com/{number}"))
                await asyncio.sleep(0.001)
            await pipeline.close_spider()

        asyncio.run(crawl())
        assert crawler.stats.get_value("newscrawl/stored") == 30
        assert crawler.stats.get_value("newscrawl/duplicates") is None
