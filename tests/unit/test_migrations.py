"""The migrations make the models' schema, and a store made before them upgrades with its data."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, Float, create_engine, func, select, text
from sqlalchemy.orm import Session

from newscrawl.store import ArticleWriter, StoreError, near_duplicates, open_engine, search, sessions
from newscrawl.store.db import store_revision, upgrade_store
from newscrawl.store.dialect import index_names
from newscrawl.store.migrations.runner import _config, head, history
from newscrawl.store.models import AliasRow, ArticleRow, ArticleTag, Base, CrawlRunRow
from newscrawl.store.saving import save_articles
from tests.articles import make_article

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "stores" / "prealembic.sqlite"
BRIDGE = "https://news.example.com/2024/03/floods-close-bridge"

# What the models cannot say and the migrations make by hand: SQLite's FTS5 table (and the
# shadow tables FTS5 keeps its index in), PostgreSQL's generated search document, its
# configuration and its GIN index, and the simhash bands' expression indexes, which Alembic
# neither reflects on SQLite nor compares anywhere. Each is checked on its own below, by name.
_FTS_TABLES = "articles_fts"
_SEARCH_COLUMNS = {"search_document", "search_config"}
_EXPRESSION_INDEXES = {"ix_articles_search_document"} | {f"ix_articles_simhash_half{n}" for n in range(2)}
# SQLAlchemy and Alembic say so when they skip those expression indexes on SQLite.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
    pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index"),
]


# What newscrawl before the migrations added to a PostgreSQL store for search.
_PRE_MIGRATIONS_POSTGRES_SEARCH = [
    "ALTER TABLE articles ADD COLUMN search_document tsvector GENERATED ALWAYS AS (to_tsvector('simple', "
    "coalesce(headline, '') || ' ' || coalesce(description, '') || ' ' || coalesce(body, ''))) STORED",
    "CREATE INDEX ix_articles_search_document ON articles USING gin (search_document)",
]


# The models' columns that revisions after the baseline added: a store made before the
# migrations had none of them.
_ARTICLE_COLUMNS_SINCE_THE_BASELINE = ("titles", "block_kinds", "published_precision", "modified_precision")


def _outside_the_models(obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
    if type_ == "table" and reflected and str(name).startswith(_FTS_TABLES):
        return False
    if type_ == "column" and reflected and name in _SEARCH_COLUMNS:
        return False
    return not (type_ == "index" and name in _EXPRESSION_INDEXES)


def _same_type(_context: Any, _inspected: Any, _declared: Any, inspected: Any, declared: Any) -> bool | None:
    # A Python float is a Float under SQLAlchemy 2.0.0 and a Double under later releases (its
    # type map changed); both are double precision on PostgreSQL and REAL on SQLite.
    if isinstance(inspected, Float) and isinstance(declared, Float):
        return False
    return None  # Alembic's own comparison


def _drift(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _outside_the_models, "compare_type": _same_type}
        )
        return list(compare_metadata(context, Base.metadata))


def _assert_schema_of_the_models(engine: Engine) -> None:
    assert _drift(engine) == []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            declared = {str(index.name) for index in table.indexes}
            assert declared <= index_names(connection, table.name), table.name
        if engine.dialect.name == "sqlite":
            fts = connection.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'articles_fts%'"))
            names = {str(name) for (name,) in fts}
            assert {
                "articles_fts",
                "articles_fts_insert",
                "articles_fts_update",
                "articles_fts_delete",
            } <= names
        else:
            assert "ix_articles_search_document" in index_names(connection, "articles")


def test_the_migrations_make_the_models_schema(database_url: str) -> None:
    engine = open_engine(database_url)
    assert store_revision(database_url) == head()
    _assert_schema_of_the_models(engine)
    engine.dispose()


def test_a_drifted_model_is_noticed(sqlite_url: str) -> None:
    """The comparison can fail: a column the migrations did not make is reported."""
    engine = open_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE tags ADD COLUMN colour TEXT"))
    assert [diff[0] for diff in _drift(engine)] == ["remove_column"]
    engine.dispose()


def _store(tmp_path: Path) -> str:
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, copy)
    return str(copy)


def test_a_store_of_the_release_before_the_migrations_upgrades_with_its_data(tmp_path: Path) -> None:
    path = _store(tmp_path)
    assert store_revision(path) is None
    upgraded = upgrade_store(path, create=False)
    assert (upgraded.before, upgraded.after, upgraded.created) == (None, head(), False)
    engine = upgraded.engine
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ArticleRow)) == 3
        assert session.scalar(select(func.count()).select_from(AliasRow)) == 2
        assert session.scalar(select(func.count()).select_from(ArticleTag)) == 5
        run = session.scalars(select(CrawlRunRow)).one()
        assert (run.spider, run.finish_reason) == ("article", "finished")
    assert [hit.article.url for hit in search(engine, "bridge").hits] == [BRIDGE]
    # The search index goes on following the table: a new article is found too.
    ArticleWriter(engine).save(
        [make_article("https://news.example.com/later", "Ferries replaced the bridge. " * 20)]
    )
    assert len(search(engine, "bridge").hits) == 2
    _assert_schema_of_the_models(engine)
    engine.dispose()
    assert store_revision(path) == head()


def test_a_store_upgraded_is_the_schema_a_new_one_gets(tmp_path: Path) -> None:
    old, new = _store(tmp_path), str(tmp_path / "new.sqlite")
    for path in (old, new):
        open_engine(path).dispose()

    def schema(path: str) -> list[tuple[str, str, str]]:
        with create_engine(f"sqlite:///{path}").connect() as connection:
            rows = connection.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
            return [(str(a), str(b), str(c)) for a, b, c in rows]

    assert schema(old) == schema(new)


def test_a_postgresql_store_made_before_the_migrations_upgrades_in_place(postgres_url: str) -> None:
    # As newscrawl made it before the migrations: the models' tables and the search document.
    plain = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with plain.begin() as connection:
        Base.metadata.create_all(connection)
        for statement in _PRE_MIGRATIONS_POSTGRES_SEARCH:
            connection.execute(text(statement))
    with Session(plain) as session, session.begin():
        save_articles(
            session,
            [make_article(BRIDGE, "Floodwater closed the old river bridge. " * 20)],
            None,
            now=datetime(2024, 3, 12, tzinfo=UTC),
        )
    with plain.begin() as connection:
        for column in _ARTICLE_COLUMNS_SINCE_THE_BASELINE:
            connection.execute(text(f"ALTER TABLE articles DROP COLUMN {column}"))
    plain.dispose()
    assert store_revision(postgres_url) is None
    upgraded = upgrade_store(postgres_url, create=False)
    assert (upgraded.before, upgraded.after) == (None, head())
    assert [hit.article.url for hit in search(upgraded.engine, "bridge").hits] == [BRIDGE]
    _assert_schema_of_the_models(upgraded.engine)
    upgraded.engine.dispose()


def test_opening_a_store_at_head_changes_nothing(database_url: str) -> None:
    open_engine(database_url).dispose()
    again = upgrade_store(database_url)
    assert (again.before, again.after, again.created) == (head(), head(), False)
    again.engine.dispose()


def test_a_store_newer_than_this_newscrawl_is_refused(database_url: str) -> None:
    open_engine(database_url).dispose()
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    with pytest.raises(StoreError, match="revision f00d, newer than this newscrawl knows"):
        open_engine(database_url)


def test_the_history_starts_at_the_baseline() -> None:
    steps = history()
    assert steps[0].revision == head()
    assert steps[-1].revision == "0001" and steps[-1].down_revision is None


def test_a_store_of_revision_0002_trades_its_four_simhash_bands_for_two(database_url: str) -> None:
    quarters = {f"ix_articles_simhash_band{n}" for n in range(4)}
    halves = {f"ix_articles_simhash_half{n}" for n in range(2)}
    engine = open_engine(database_url)
    # Stored at the head, then taken back: a writer writes the models' columns, which later
    # revisions add to.
    story = make_article(BRIDGE, "Floodwater closed the old river bridge. " * 20)
    ArticleWriter(engine).save([story])
    with engine.begin() as connection:
        command.downgrade(_config(connection), "0002")
        assert quarters <= index_names(connection, "articles")
        assert not halves & index_names(connection, "articles")
    engine.dispose()

    upgraded = upgrade_store(database_url)
    assert (upgraded.before, upgraded.after) == ("0002", head())
    with upgraded.engine.connect() as connection:
        assert halves <= index_names(connection, "articles")
        assert not quarters & index_names(connection, "articles")
    with sessions(upgraded.engine).reads() as session:
        copy = story.simhash ^ 0b101  # two bits off, in the low band
        assert near_duplicates(session, {"copy.example/1": copy}, 3) == {"copy.example/1": story.url_key}
    _assert_schema_of_the_models(upgraded.engine)
    upgraded.engine.dispose()
