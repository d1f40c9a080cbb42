"""Kept pages in the store: one per article version, the first kept, none without NEWSCRAWL_KEEP_HTML."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newscrawl.article import Article
from newscrawl.keptpage import DamagedPage, keep_page, page_bytes
from newscrawl.store import ArticleWriter, Outcome, open_engine, sessions, start_run
from newscrawl.store.db import upgrade_store
from newscrawl.store.migrations.runner import _config, head
from newscrawl.store.models import ArticleRow, PageRow
from newscrawl.store.reextraction import PageFilter, page_batches, pageless_articles
from tests.articles import make_article

URL = "https://news.example.com/2024/03/floods-close-bridge"
PAGE = "<html><head><title>Floods</title></head><body><p>Floodwater closed the bridge.</p></body></html>"


def _with_page(article: Article, html: str, content_type: str = "text/html; charset=windows-1252") -> Article:
    article.page = keep_page(html.encode("cp1252"), content_type, {"title": "Floods", "keywords": ["River"]})
    return article


def _pages(url: str) -> list[tuple[int, bytes, str | None]]:
    engine = open_engine(url)
    with Session(engine) as session:
        rows = session.execute(select(PageRow).order_by(PageRow.version)).scalars().all()
        found = [(r.version, page_bytes(r.data, r.compression), r.content_type) for r in rows]
    engine.dispose()
    return found


def test_a_new_article_keeps_its_page_and_a_revision_its_own(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    first = _with_page(make_article(URL, "First text. " * 30), PAGE + " café")
    [stored] = writer.save([first], start_run(engine, "news", []))
    revised = _with_page(make_article(URL, "Second text. " * 30), PAGE + " revised")
    [again] = writer.save([revised], start_run(engine, "news", []))
    assert (stored.outcome, again.outcome) == (Outcome.STORED, Outcome.REVISED)
    engine.dispose()
    assert _pages(database_url) == [
        (1, (PAGE + " café").encode("cp1252"), "text/html; charset=windows-1252"),
        (2, (PAGE + " revised").encode("cp1252"), "text/html; charset=windows-1252"),
    ]


def test_an_unchanged_refetch_keeps_a_page_only_where_its_version_has_none(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    writer.save([make_article(URL, "Same text. " * 30)])  # kept no page (NEWSCRAWL_KEEP_HTML off)
    assert pageless_articles(sessions(engine), PageFilter()) == 1
    for html in (" one", " two"):  # fetched again by two later runs
        [result] = writer.save(
            [_with_page(make_article(URL, "Same text. " * 30), PAGE + html)], start_run(engine, "news", [])
        )
        assert result.outcome is Outcome.UNCHANGED
    assert pageless_articles(sessions(engine), PageFilter()) == 0
    engine.dispose()
    assert [(v, body) for v, body, _type in _pages(database_url)] == [(1, (PAGE + " one").encode("cp1252"))]


def test_pages_are_read_back_in_batches_with_their_hints(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    articles = [_with_page(make_article(f"{URL}-{n}", f"Story {n}. " * 30), PAGE) for n in range(5)]
    ArticleWriter(engine).save(articles)
    batches = list(page_batches(sessions(engine), PageFilter(site="news.example.com"), 2))
    assert [len(b) for b in batches] == [2, 2, 1]
    page = batches[0][0]
    assert (page.version, page.newest, page.hints) == (1, True, {"title": "Floods", "keywords": ["River"]})
    assert page_bytes(page.data, page.compression) == PAGE.encode("cp1252")
    assert list(page_batches(sessions(engine), PageFilter(site="elsewhere.example"), 2)) == []
    engine.dispose()


def test_the_page_crosses_a_pickle_but_no_export() -> None:
    article = _with_page(make_article(URL), PAGE)
    copy = pickle.loads(pickle.dumps(article))  # as it comes back from an extraction worker
    assert copy.page == article.page
    assert "page" not in article.to_json()
    assert Article.from_json(article.to_json()).page is None


def test_a_damaged_or_unknown_page_is_one_error() -> None:
    kept = keep_page(PAGE, None)
    assert kept.content_type == "text/html; charset=utf-8"  # a str is kept as UTF-8, and says so
    with pytest.raises(DamagedPage, match="damaged page"):
        page_bytes(kept.data[:-4] + b"xxxx", kept.compression)
    with pytest.raises(DamagedPage, match="'zstd' cannot be read"):
        page_bytes(kept.data, "zstd")


def test_a_store_of_revision_0004_gains_the_page_tables_and_keeps_its_articles(
    database_url: str, tmp_path: Path
) -> None:
    engine = open_engine(database_url)
    # Stored at the head, then taken back: a writer writes the models' columns, which later
    # revisions add to.
    ArticleWriter(engine).save([make_article(URL, "Floodwater closed the old river bridge. " * 20)])
    with engine.begin() as connection:
        command.downgrade(_config(connection), "0004")
    with engine.connect() as connection:
        assert "pages" not in connection.dialect.get_table_names(connection)
    engine.dispose()

    upgraded = upgrade_store(database_url)
    assert (upgraded.before, upgraded.after) == ("0004", head())
    database = sessions(upgraded.engine)
    assert pageless_articles(database, PageFilter()) == 1  # stored before pages were kept
    ArticleWriter(upgraded.engine).save([_with_page(make_article(URL + "-2"), PAGE)])
    with Session(upgraded.engine) as session:
        assert session.scalar(select(func.count()).select_from(ArticleRow)) == 2
        assert session.scalar(select(func.count()).select_from(PageRow)) == 1
    upgraded.engine.dispose()
