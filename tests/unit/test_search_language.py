"""One search language on SQLite and PostgreSQL: phrases, OR, -exclusion, prefix*, stemming,
and any input gives results or a one-line SearchRefused; the same cases on both backends."""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, text

from newscrawl.store import ArticleWriter, SearchRefused, open_engine, search
from newscrawl.store.db import upgrade_store
from newscrawl.store.migrations.runner import head
from newscrawl.store.searchexpr import PG_CONFIGS, PG_FALLBACK_CONFIG, fts5_match, pg_config, tsquery_text
from newscrawl.store.searchparse import parse
from newscrawl.store.searchquery import MAX_SEARCH_LENGTH, search_text
from tests.articles import make_article
from tests.cpubound import cpu_bounded

TRUMP = "https://example.com/trump"
MERKEL = "https://example.com/merkel"
BRIDGE = "https://example.com/bridge"
STORM = "https://example.com/storm"
ZURICH = "https://example.com/zurich"
PLAN = "https://example.com/plan"
STORIES = {
    TRUMP: "Trump spoke to reporters in Washington about the budget. ",
    MERKEL: "Merkel spoke to reporters in Berlin about the budget. ",
    BRIDGE: "The river flood closed the old bridge near the town. ",
    STORM: "A storm brought floods and heavy rain to the coast. ",
    ZURICH: "A café in Zürich reopened after the winter. ",
    PLAN: "The council put its 1.5 million plan on example.org today. ",
}
VERSIONS = Path(__file__).resolve().parents[2] / "newscrawl" / "store" / "migrations" / "versions"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article(url, body * 20, headline=url.rsplit("/", 1)[1].title())
            for url, body in STORIES.items()
        ]
    )
    yield engine
    engine.dispose()


def found(engine: Engine, query: str) -> set[str]:
    return {hit.article.url for hit in search(engine, query).hits}


# The same answers on both backends.
CASES = {
    "one word": ("budget", {TRUMP, MERKEL}),
    "words are all required": ("Trump budget", {TRUMP}),
    "words of different articles": ("Trump Merkel", set()),
    "OR": ("Trump OR Merkel", {TRUMP, MERKEL}),
    "OR binds tighter than AND": ("Trump OR Merkel Berlin", {MERKEL}),
    "OR of three": ("Trump OR Merkel OR bridge", {TRUMP, MERKEL, BRIDGE}),
    "phrase": ('"old bridge"', {BRIDGE}),
    "phrase in another order": ('"bridge old"', set()),
    "unclosed phrase runs to the end": ('"spoke to reporters in Berlin', {MERKEL}),
    "exclusion": ("budget -Berlin", {TRUMP}),
    "excluded phrase": ('reporters -"in Washington"', {MERKEL}),
    "excluded phrase that is not one": ('reporters -"Washington reporters"', {TRUMP, MERKEL}),
    "prefix": ("Washing*", {TRUMP}),
    "prefix as short as allowed": ("Mer*", {MERKEL}),
    "prefix of a phrase": ('"old bri"*', {BRIDGE}),
    "OR of prefixes": ("Merk* OR Trum*", {TRUMP, MERKEL}),
    "stemming: floods finds flood": ("floods", {BRIDGE, STORM}),
    "stemming: flooding": ("flooding -storm", {BRIDGE}),
    "stemming in a phrase": ('"river floods"', {BRIDGE}),
    "case": ("TRUMP", {TRUMP}),
    "diacritics as written": ("Zürich café", {ZURICH}),
    "an accent typed apart from its letter": ("Zu\u0308rich", {ZURICH}),
    "operators of other syntaxes are words": ("Trump & (budget) | Washington:*", {TRUMP}),
    "a hyphenated word is a phrase": ("Trump-spoke", {TRUMP}),
    "a number with a point": ("1.5", {PLAN}),
    "a host name": ("example.org", {PLAN}),
    "a host name's prefix": ("example.org*", {PLAN}),
    "a phrase with a number": ('"1.5 million plan"', {PLAN}),
    "nothing to search for": ('- * "" 🌊', set()),
}


@pytest.mark.parametrize(("query", "expected"), CASES.values(), ids=CASES.keys())
def test_the_search_language(engine: Engine, query: str, expected: set[str]) -> None:
    assert found(engine, query) == expected


def test_diacritics_are_folded_on_sqlite_only(engine: Engine) -> None:
    # FTS5's remove_diacritics folds them; PostgreSQL's built-in configurations do not, and
    # the unaccent extension is not used (see the README's Searching section).
    expected = {ZURICH} if engine.dialect.name == "sqlite" else set()
    assert found(engine, "Zurich cafe") == expected


REFUSED = {
    "only an exclusion": ("-budget", "only excludes"),
    "only exclusions": ('-budget -"old bridge"', "only excludes"),
    "lone OR": ("OR", "OR needs a word or phrase on each side"),
    "OR OR": ("OR OR", "OR needs a word or phrase on each side"),
    "OR at the end": ("Trump OR", "OR needs a word or phrase on each side"),
    "OR at the start": ("OR Trump", "OR needs a word or phrase on each side"),
    "OR twice": ("Trump OR OR Merkel", "OR needs a word or phrase on each side"),
    "OR with an exclusion": ("Trump OR -Merkel", "not an exclusion"),
    "a prefix of two letters": ("Tr*", r"at least 3 letters before its \* \(Tr\*\)"),
    "a phrase ending in a short prefix": ('"old b"*', "at least 3 letters"),
    "too long": ("x" * (MAX_SEARCH_LENGTH + 1), "at most"),
}


@pytest.mark.parametrize(("query", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_misused_language_is_one_line(engine: Engine, query: str, message: str) -> None:
    with pytest.raises(SearchRefused, match=message) as refused:
        search(engine, query)
    assert len(str(refused.value).splitlines()) == 1


HOSTILE = ['"', '""', '"""', "-", "*", "-*", "**", '-"', '"*', "\x00", "'", "\\", "'\\'", ":*", "-\x00-"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_matches_nothing(engine: Engine, query: str) -> None:
    assert found(engine, query) == set()


def test_the_article_language_decides_the_stemming_on_postgresql(postgres_url: str) -> None:
    engine = open_engine(postgres_url)
    german = "https://example.de/haeuser"
    ArticleWriter(engine).save(
        [
            make_article(german, "Die Häuser am Fluss wurden gestern überflutet. " * 20, language="de"),
            make_article("https://example.com/x", "Houses by the river. " * 20, language="xx"),
            make_article("https://example.com/none", "Houses without a language. " * 20, language=None),
        ]
    )
    with engine.connect() as connection:
        configs = connection.execute(text("SELECT url, search_config::text FROM articles ORDER BY id")).all()
    assert [c for _, c in configs] == ["german", "simple", "simple"]
    # German stems Häuser to haus: the query is stemmed in the article's configuration.
    assert found(engine, "Haus") == {german}
    # English would stem both to "hous"; in 'simple' they stay apart.
    assert found(engine, "house") == set()
    engine.dispose()


def test_the_stored_configuration_is_the_one_search_expects(postgres_url: str) -> None:
    engine = open_engine(postgres_url)
    languages = ["en", "EN-gb", "pt_BR", "de", "nb", "xx", "", None]
    ArticleWriter(engine).save(
        [
            make_article(f"https://example.com/{n}", f"Story {n}. " * 20, language=v)
            for n, v in enumerate(languages)
        ]
    )
    with engine.connect() as connection:
        stored = (
            connection.execute(text("SELECT search_config::text FROM articles ORDER BY id")).scalars().all()
        )
    engine.dispose()
    assert stored == [pg_config(language) for language in languages]
    assert stored[:5] == ["english", "english", "portuguese", "german", "norwegian"]


def test_every_configuration_exists_and_the_migration_agrees(postgres_url: str) -> None:
    spec = importlib.util.spec_from_file_location("m0002", VERSIONS / "0002_stemmed_search.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.CONFIGS == PG_CONFIGS
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        names = {str(n) for (n,) in connection.execute(text("SELECT cfgname FROM pg_ts_config"))}
    engine.dispose()
    assert {*PG_CONFIGS.values(), PG_FALLBACK_CONFIG} <= names


def _back_to_0001(engine: Engine) -> None:
    """The store as revision 0001 left it: unstemmed search, its FTS table dropped on SQLite."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # A dropped FTS table came back empty before: the migration must fill it again.
            connection.execute(text("DROP TABLE articles_fts"))
        else:
            connection.execute(
                text("ALTER TABLE articles DROP COLUMN search_document, DROP COLUMN search_config")
            )
            connection.execute(
                text(
                    "ALTER TABLE articles ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
                    "(to_tsvector('simple', coalesce(headline, '') || ' ' || coalesce(description, '') "
                    "|| ' ' || coalesce(body, ''))) STORED"
                )
            )
            connection.execute(
                text("CREATE INDEX ix_articles_search_document ON articles USING gin (search_document)")
            )
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))


def test_a_store_at_0001_upgrades_in_place_with_its_articles_searchable(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False).replace("postgresql+psycopg://", "postgresql://")
    _back_to_0001(engine)
    engine.dispose()
    upgraded = upgrade_store(url, create=False)
    assert (upgraded.before, upgraded.after) == ("0001", head())
    assert found(upgraded.engine, "floods") == {BRIDGE, STORM}
    assert found(upgraded.engine, "Trump OR Merkel") == {TRUMP, MERKEL}
    # The index follows the table after the rebuild too.
    ArticleWriter(upgraded.engine).save([make_article("https://example.com/later", "Flooded fields. " * 20)])
    assert "https://example.com/later" in found(upgraded.engine, "flood")
    upgraded.engine.dispose()


# The language's own characters and words, so that generated queries are mostly syntax.
_PARTS = ['"', "-", "*", "OR", "or", " ", "  ", "Trump", "flood", "old bridge", "\x00", "(", ")", "'", "\\"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PARTS) | st.text(max_size=3), max_size=40).map("".join))
def test_any_query_of_the_language_gives_results_or_one_line(engine: Engine, query: str) -> None:
    try:
        hits = search(engine, query).hits
    except SearchRefused as refused:
        assert len(str(refused).splitlines()) == 1
        return
    assert {hit.article.url for hit in hits} <= set(STORIES)


# Pure string work: a CPU second is pathological (no wall-clock deadline: tests/cpubound.py).
@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(exclude_categories=()), max_size=MAX_SEARCH_LENGTH))
@cpu_bounded(1.0)
def test_what_reaches_a_database_holds_only_quoted_words(query: str) -> None:
    with contextlib.suppress(SearchRefused):
        parsed = parse(search_text(query))
        if parsed.empty:
            return
        # Outside its quoted strings an FTS5 expression holds only operators and parentheses.
        outside = " ".join(fts5_match(parsed).split('"')[::2])
        assert set(outside.replace("(", " ").replace(")", " ").replace("*", " ").split()) <= {
            "AND",
            "OR",
            "NOT",
        }
        outside_ts = tsquery_text(parsed).split("'")[::2]
        assert set("".join(outside_ts)) <= set(" &|!()<->:*")
