"""Search on SQLite and PostgreSQL: capped in words and length, stopped at its time limit, and any
text a user can type is a query (results) or beyond the caps (SearchRefused), nothing else."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, inspect, text

from newscrawl.cli.main import cli
from newscrawl.store import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_TERMS,
    ArticleWriter,
    SearchRefused,
    SearchTimedOut,
    open_engine,
    search,
)
from tests.articles import make_article
from tests.searches import slow_search

FLOOD = "https://example.com/flood"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article(FLOOD, body="Flood defences were approved by the council. " * 20),
            make_article("https://example.com/trains", body="Trains and buses run late again. " * 20),
        ]
    )
    yield engine
    engine.dispose()


def urls(engine: Engine, query: str) -> list[str]:
    return [hit.article.url for hit in search(engine, query).hits]


def test_as_many_words_as_the_cap_allows_are_searched(engine: Engine) -> None:
    query = " ".join(["flood"] + ["defences"] * (MAX_SEARCH_TERMS - 1))
    assert urls(engine, query) == [FLOOD]


def test_one_word_past_the_cap_is_refused(engine: Engine) -> None:
    with pytest.raises(SearchRefused, match=f"has {MAX_SEARCH_TERMS + 1} words; at most {MAX_SEARCH_TERMS}"):
        search(engine, " ".join(["flood"] * (MAX_SEARCH_TERMS + 1)))
    # What made SQLite search for minutes: the same word two thousand times.
    with pytest.raises(SearchRefused):
        search(engine, "flood " * 2000)


def test_a_query_as_long_as_the_cap_is_searched_and_one_character_more_is_refused(engine: Engine) -> None:
    query = "flood" + "." * (MAX_SEARCH_LENGTH - len("flood"))
    assert urls(engine, query) == [FLOOD]
    with pytest.raises(SearchRefused, match=f"{MAX_SEARCH_LENGTH + 1} characters long; at most"):
        search(engine, query + ".")


def test_the_caps_refuse_before_the_database_is_asked() -> None:
    # A disposed engine of a file that is gone: asking the database would fail otherwise.
    engine = create_engine("sqlite:////nonexistent/folder/x.db")
    with pytest.raises(SearchRefused):
        search(engine, "x" * (MAX_SEARCH_LENGTH + 1))


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), 10**9])
def test_a_timeout_out_of_range_is_refused(engine: Engine, timeout: float) -> None:
    with pytest.raises(SearchRefused, match="timeout"):
        search(engine, "flood", timeout=timeout)


HOSTILE = {
    "double quote": '"',
    "unbalanced quotes": 'flood "defences',
    "sql": "'; DROP TABLE articles; --",
    "fts5 NEAR": "NEAR(flood defences, 2)",
    "fts5 column filter": "body:flood",
    "fts5 initial token": "^flood",
    "fts5 prefix": "flo*",
    "fts5 operators": "flood AND OR NOT defences",
    "tsquery operators": "flood & !defences | (trains <-> buses):*",
    "websearch syntax": '-flood "trains and" or buses',
    "backslashes": "\\\\flood\\",
    "NUL bytes": "flood\x00\x00defences",
    "only NUL": "\x00",
    "control characters": "\x01\x1b[31mflood\x7f",
    "lone surrogates": "flood\udcff\ud800",
    "only a surrogate": "\udfff",
    "emoji": "🌊 flood 👍🏽 🏳️‍🌈",
    "only emoji": "🌊🌊🌊",
    "combining marks": "flo\u0301od",
    "zero-width and RTL": "\u200bflood\u200f\u202e",
    "superscript digits": "² ³",
    "CJK": "洪水 防御",
    "noncharacters": "\ufffe\uffff flood",
    "10 kB of punctuation": "!?*-\"'():;^&|<>" * 700,
    "10 kB of one word": "flood" * 2000,
    "empty": "",
    "spaces": "   \t\n ",
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_gives_results_or_a_refusal(engine: Engine, query: str) -> None:
    try:
        hits = search(engine, query).hits
    except SearchRefused as refused:
        assert len(str(refused).splitlines()) == 1
        return
    assert all(hit.article.url.startswith("https://example.com/") for hit in hits)


@pytest.mark.parametrize("query", ["flood\x00", "\udcffflood", "🌊flood", "\x1bflood\x7f"])
def test_a_word_among_unreadable_characters_is_still_found(engine: Engine, query: str) -> None:
    assert urls(engine, query) == [FLOOD]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(exclude_categories=()), max_size=MAX_SEARCH_LENGTH + 40))
def test_any_text_gives_results_or_a_refusal(engine: Engine, query: str) -> None:
    # Searching only reads: the articles stored once serve every example.
    with contextlib.suppress(SearchRefused):
        search(engine, query)


def test_a_search_past_its_time_limit_is_stopped(engine: Engine) -> None:
    timeout = slow_search(engine)
    with pytest.raises(SearchTimedOut, match=f"longer than {timeout:g} s"):
        search(engine, "flood", timeout=timeout)
    # The engine's connections are fine afterwards, with no time limit left on them.
    assert FLOOD in urls(engine, "flood defences")


def test_an_older_postgresql_database_gets_its_search_document(postgres_url: str) -> None:
    engine = open_engine(postgres_url)
    ArticleWriter(engine).save([make_article(FLOOD, body="Flood defences were approved. " * 20)])
    with engine.begin() as connection:
        # The schema before the document was stored: an index over the expression alone, in
        # a store of a newscrawl from before the migrations (no alembic_version).
        connection.execute(
            text("ALTER TABLE articles DROP COLUMN search_document, DROP COLUMN search_config")
        )
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text(
                "CREATE INDEX ix_articles_fulltext ON articles USING gin (to_tsvector('simple', "
                "coalesce(headline, '') || ' ' || coalesce(description, '') || ' ' || coalesce(body, '')))"
            )
        )
    engine.dispose()
    engine = open_engine(postgres_url, create=False)
    assert urls(engine, "defences") == [FLOOD]
    indexes = {index["name"] for index in inspect(engine).get_indexes("articles")}
    assert "ix_articles_search_document" in indexes and "ix_articles_fulltext" not in indexes
    engine.dispose()


def test_the_caps_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    usage = CliRunner().invoke(cli, ["articles", "search", "--help"]).output
    for document in (readme, usage):
        assert f"{MAX_SEARCH_TERMS} words and {MAX_SEARCH_LENGTH} characters" in " ".join(document.split())
