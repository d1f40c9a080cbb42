"""Datasette finds the store's full-text index, and searches the SQLite file as newscrawl wrote it."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.utils import detect_fts

from newscrawl.store import ArticleWriter, open_engine
from tests.articles import make_article


def _search(path: Path, query: str) -> Any:
    async def get() -> Any:
        datasette = Datasette([str(path)])
        return await datasette.client.get(f"/newscrawl/articles.json?_search={query}&_shape=array&_col=url")

    return asyncio.run(get())


def test_datasette_searches_a_fresh_store(tmp_path: Path) -> None:
    path = tmp_path / "newscrawl.db"
    engine = open_engine(str(path))
    ArticleWriter(engine).save(
        [
            make_article("https://example.com/flood", body="The river flooded the old town. " * 20),
            make_article("https://example.com/budget", body="The council passed its budget. " * 20),
        ]
    )
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        # Datasette's own detection: an FTS table whose content option is content="articles".
        assert detect_fts(connection, "articles") == "articles_fts"
    response = _search(path, "floods")  # stemmed by the table's porter tokenizer
    assert response.status_code == 200, response.text
    assert [row["url"] for row in response.json()] == ["https://example.com/flood"]
    assert [row["url"] for row in _search(path, "budget").json()] == ["https://example.com/budget"]
