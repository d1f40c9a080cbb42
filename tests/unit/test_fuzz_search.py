"""Search on any query, generated from search syntax and unreadable characters: results or a
SearchRefused, on SQLite and PostgreSQL; the cleanup and parser keep their promises on any text."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from benchmarks import fuzz_inputs as inputs
from benchmarks.fuzz_targets import SEARCH_ERRORS
from newscrawl.store import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_TERMS,
    ArticleWriter,
    SearchRefused,
    open_engine,
    search,
)
from newscrawl.store.searchparse import parse
from newscrawl.store.searchquery import search_text
from tests.articles import make_article
from tests.cpubound import cpu_bounded


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [
            make_article("https://example.com/flood", body="Flood defences were approved. " * 20),
            make_article("https://example.com/cjk", body="洪水 防御 ünïcode trains. " * 20),
        ]
    )
    yield engine
    engine.dispose()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False))
def test_generated_queries_give_results_or_a_refusal(engine: Engine, rng: random.Random) -> None:
    query = inputs.generated_query(rng)
    with contextlib.suppress(*SEARCH_ERRORS):
        for hit in search(engine, query).hits:
            assert hit.article.url.startswith("https://example.com/")


# The cleanup and the parser are pure string work: a CPU second is pathological. No wall-clock
# deadline: see tests/cpubound.py.
@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(exclude_categories=()), max_size=MAX_SEARCH_LENGTH * 3))
@cpu_bounded(1.0)
def test_the_cleanup_keeps_within_its_caps_or_refuses(query: str) -> None:
    try:
        cleaned = search_text(query)
        words = parse(cleaned).words()
    except SearchRefused as refused:
        assert len(str(refused).splitlines()) == 1
        return
    assert len(cleaned) <= MAX_SEARCH_LENGTH
    assert len(words) <= MAX_SEARCH_TERMS
    assert all(char.isprintable() or char.isspace() or ord(char) > 0x7F for char in cleaned)
    assert not any(0xD800 <= ord(character) <= 0xDFFF for character in cleaned)
