"""The streamed export: stream_articles (batches, order, server-side cursor) and its record."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from sqlalchemy import event

from newscrawl.store import ArticleFilters, ArticleWriter, list_articles, open_engine, stream_articles
from tests.articles import make_article


def test_streams_every_match_in_batches(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article(f"https://example.com/{n}", tags=[f"Topic {n}"], language="en" if n % 2 else "de")
            for n in range(25)
        ]
    )
    cursors: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def cursor_of(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().startswith("SELECT articles.id"):
            cursors.append(type(cursor).__name__)

    batches = list(stream_articles(engine, batch=10))
    assert [len(batch) for batch in batches] == [10, 10, 5]
    streamed = [article for batch in batches for article in batch]
    assert streamed == list_articles(engine, limit=None)
    assert all(article.tags == [f"Topic {article.url.rsplit('/', 1)[1]}"] for article in streamed)
    german = [
        a.id for batch in stream_articles(engine, ArticleFilters(language="de"), batch=4) for a in batch
    ]
    assert (
        german == [a.id for a in list_articles(engine, ArticleFilters(language="de"), limit=None)]
        and len(german) == 13
    )
    if engine.dialect.name == "postgresql":
        # yield_per asks psycopg for a named cursor: the server holds the result, not the client.
        assert cursors[0] == "ServerCursor"
    engine.dispose()


def test_article_json_is_what_asdict_gives() -> None:
    """to_json skips asdict's deep copies (export's hot path) but must say the same."""
    article = make_article("https://example.com/a", subheadings=["One"], provenance={"headline": "meta"})
    expected = dataclasses.asdict(article)
    expected.update({k: v.isoformat() for k, v in expected.items() if isinstance(v, (date, datetime))})
    assert article.to_json() == expected
    assert article.to_json()["images"] == [
        {"url": "https://example.com/a.jpg", "caption": "A caption", "credit": "A credit"}
    ]
    assert article.to_json()["tags"] is not article.tags
