"""Each article keeps its own spelling of a tag, while the tag's key groups and filters them."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from newscrawl.store import (
    ArticleFilters,
    ArticleWriter,
    Outcome,
    get_article,
    list_articles,
    open_engine,
    sessions,
    start_run,
)
from newscrawl.store.db import upgrade_store
from newscrawl.store.migrations.runner import _config, head
from newscrawl.store.models import TagRow
from newscrawl.store.reextraction import PageFilter, StoredPage, apply_extraction, page_batches
from tests.articles import make_article

FIRST, SECOND = "https://example.com/first", "https://example.com/second"


def _tags(url: str, database_url: str) -> list[str]:
    stored = get_article(open_engine(database_url), url)
    assert stored is not None
    return stored.tags


def test_two_articles_in_one_batch_keep_their_spellings_of_one_tag(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article(FIRST, tags=["donald trump", "Budget"]),
            make_article(SECOND, tags=["Donald Trump"]),
        ]
    )
    assert _tags(FIRST, database_url) == ["donald trump", "Budget"]
    assert _tags(SECOND, database_url) == ["Donald Trump"]
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(TagRow)) == 2
    found = list_articles(engine, ArticleFilters(tag="DONALD  TRUMP"), limit=None)
    assert sorted(a.url for a in found) == [FIRST, SECOND]
    assert {a.url: a.tags for a in found}[SECOND] == ["Donald Trump"]


def test_an_article_stored_after_the_tag_keeps_its_spelling(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    writer.save([make_article(FIRST, tags=["donald trump"])])
    writer.save([make_article(SECOND, tags=["Donald Trump"])])
    assert (_tags(FIRST, database_url), _tags(SECOND, database_url)) == (["donald trump"], ["Donald Trump"])


def test_a_revision_takes_the_new_versions_spelling(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    writer.save([make_article(FIRST, tags=["donald trump"])], start_run(engine, "news", []))
    revised = make_article(FIRST, "A longer story, revised. " * 30, tags=["Donald Trump"])
    [result] = writer.save([revised], start_run(engine, "news", []))
    assert result.outcome is Outcome.REVISED
    assert _tags(FIRST, database_url) == ["Donald Trump"]


def test_extracting_again_records_a_changed_spelling(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    ArticleWriter(engine).save([make_article(FIRST, tags=["donald trump"])])
    stored = get_article(engine, FIRST)
    assert stored is not None
    page = StoredPage(stored.id, 1, True, FIRST, b"", "none", None, {}, stored.fetched_at)
    again = make_article(FIRST, tags=["Donald Trump"])
    with Session(engine) as session, session.begin():
        assert apply_extraction(session, page, again, datetime.now(UTC), "test")
    assert _tags(FIRST, sqlite_url) == ["Donald Trump"]
    assert list(page_batches(sessions(engine), PageFilter(), 10)) == []  # no page was kept


def test_a_store_of_revision_0006_gives_each_link_its_tags_spelling(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save([make_article(FIRST, tags=["Budget"]), make_article(SECOND, tags=["budget"])])
    with engine.begin() as connection:
        command.downgrade(_config(connection), "0006")
        columns = {c["name"] for c in connection.dialect.get_columns(connection, "article_tags")}
        assert "name" not in columns
        connection.execute(text("UPDATE tags SET name = 'BUDGET'"))
    engine.dispose()

    upgraded = upgrade_store(database_url)
    assert (upgraded.before, upgraded.after) == ("0006", head())
    # The only spelling the store knew: the tag's.
    assert _tags(FIRST, database_url) == _tags(SECOND, database_url) == ["BUDGET"]
    ArticleWriter(upgraded.engine).save([make_article("https://example.com/third", tags=["Budget"])])
    assert _tags("https://example.com/third", database_url) == ["Budget"]
    upgraded.engine.dispose()
