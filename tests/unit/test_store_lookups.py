"""The store's look-ups by key, body and simhash go through indexes, on both backends, old stores too."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from newscrawl.crawl.dedup import DedupPipeline
from newscrawl.store import (
    ArticleWriter,
    fetch_states,
    near_duplicates,
    open_engine,
    save_articles,
    sessions,
    simhash_bands,
)
from newscrawl.store.models import SIMHASH_BANDS
from tests.articles import make_article
from tests.unit.test_pipelines import crawler_for

BAND_INDEXES = [f"ix_articles_simhash_half{band}" for band in range(SIMHASH_BANDS)]
BODY = "A wire story about the central bank holding its rates steady this week. " * 20


def flipped(simhash: int, bits: list[int]) -> int:
    """`simhash` with `bits` flipped, kept a signed 64-bit number as the column stores it."""
    unsigned = simhash & ((1 << 64) - 1)
    for bit in bits:
        unsigned ^= 1 << bit
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def store_simhashes(engine: Engine, simhashes: list[int]) -> None:
    articles = [make_article(f"https://example.com/{n}") for n in range(len(simhashes))]
    for article, simhash in zip(articles, simhashes, strict=True):
        article.simhash = simhash
    ArticleWriter(engine).save(articles)


def test_every_simhash_within_three_bits_is_found_and_none_beyond(database_url: str) -> None:
    engine = open_engine(database_url)
    rng = random.Random(19)
    stored = [rng.randrange(-(1 << 63), 1 << 63) for _ in range(40)]
    store_simhashes(engine, stored)
    wanted: dict[str, int] = {}
    expected: dict[str, str] = {}
    for n, simhash in enumerate(stored):
        # Three bits, two in one band and one in the other: the worst case the probes must
        # still catch; the first case flips the sign bit among them.
        two, one = (0, 1) if n == 0 else rng.sample(range(2), 2)
        bits = [
            *rng.sample(range(32 * two, 32 * two + 32), 2),
            63 if n == 0 else rng.randrange(32 * one, 32 * one + 32),
        ]
        close = flipped(simhash, bits)
        far = flipped(simhash, [*rng.sample(range(32), 2), *rng.sample(range(32, 64), 2)])
        wanted[f"new.example/close-{n}"] = close
        wanted[f"new.example/far-{n}"] = far
        expected[f"new.example/close-{n}"] = f"example.com/{n}"
    with sessions(engine).reads() as session:
        assert near_duplicates(session, wanted, 3) == expected
        # An article is no near-duplicate of itself.
        assert near_duplicates(session, {"example.com/0": stored[0]}, 3) == {}


def test_a_page_fetched_again_is_marked_with_the_closest_other_article(database_url: str) -> None:
    engine = open_engine(database_url)
    simhash = flipped(0, [5, 30, 60])
    store_simhashes(engine, [simhash, flipped(simhash, [1, 2]), flipped(simhash, [9])])
    with sessions(engine).reads() as session:
        # Itself at distance 0 does not count; of the others, the closer wins.
        assert near_duplicates(session, {"example.com/0": simhash}, 3) == {"example.com/0": "example.com/2"}


def test_bands_match_the_index_expressions(database_url: str) -> None:
    engine = open_engine(database_url)
    simhash = flipped(0, [0, 17, 40, 63])
    store_simhashes(engine, [simhash])
    columns = ", ".join(f"simhash & {mask}" for mask in _masks())
    with engine.connect() as connection:
        row = connection.execute(text(f"SELECT {columns} FROM articles")).one()
    assert tuple(row) == simhash_bands(simhash)


def _masks() -> list[int]:
    from newscrawl.store.models import band_mask

    return [band_mask(band) for band in range(SIMHASH_BANDS)]


def test_the_pipeline_marks_a_copy_of_an_article_stored_by_an_earlier_crawl(database_url: str) -> None:
    topics = ["harbour", "election", "flooding", "budget", "railway"]
    bodies = [" ".join(f"The {topic} story goes on, part {i} of it." for i in range(80)) for topic in topics]
    ArticleWriter(open_engine(database_url)).save(
        [make_article(f"https://example.com/{n}", body=body) for n, body in enumerate(bodies)]
    )
    crawler = crawler_for(database_url)
    pipeline = DedupPipeline.from_crawler(crawler)

    async def marked() -> list[Any]:
        items = [
            make_article(f"https://example.org/{n}", body=body + " Edited.") for n, body in enumerate(bodies)
        ]
        return list(await asyncio.gather(*(pipeline.process_item(item) for item in items)))

    copies = asyncio.run(marked())
    assert [c.provenance.get("near_duplicate_of") for c in copies] == [f"example.com/{n}" for n in range(5)]
    assert crawler.stats.get_value("newscrawl/near_duplicates") == 5
    # Concurrent items share look-ups: the first asks alone, the rest together.
    assert crawler.stats.get_value("newscrawl/near_duplicate_lookups") <= 2


def _plans(engine: Engine, look_up: Callable[[], object]) -> list[str]:
    """The plan of every SELECT that `look_up` sends, as the database would run it on a big
    table (PostgreSQL is told to avoid sequential scans, which it prefers on small tables)."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        look_up()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert sent, "the look-up sent no SELECT"
    plans = []
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET enable_seqscan = off")
            explain = "EXPLAIN "
        else:
            explain = "EXPLAIN QUERY PLAN "
        for statement, parameters in sent:
            rows = connection.exec_driver_sql(explain + statement, parameters).all()
            plans.append("\n".join(str(r[-1]) for r in rows))
    return plans


def _scans_articles(plan: str) -> bool:
    # SQLite: "SCAN articles"; PostgreSQL: "Seq Scan on articles". Searches and index scans pass.
    return any(
        line.strip().startswith(("SCAN articles", "Seq Scan on articles")) for line in plan.splitlines()
    )


def test_look_ups_use_indexes_not_scans(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save(
        [make_article(f"https://example.com/{n}", body=f"Story {n}. " * 40) for n in range(30)]
    )
    new = [make_article(f"https://example.org/{n}") for n in range(5)]
    stored = sessions(engine)

    def near() -> object:
        with stored.reads() as session:
            return near_duplicates(session, {a.url_key: a.simhash for a in new}, 3)

    def states() -> object:
        with stored.reads() as session:
            return fetch_states(session, [a.url_key for a in new])

    def save() -> object:
        # The seen-set and content-hash check of a batch; rolled back, only its reads matter.
        with stored.writes() as session:
            return save_articles(session, new, None)

    for look_up in (near, states, save):
        for plan in _plans(engine, look_up):
            assert not _scans_articles(plan), plan


@pytest.mark.parametrize("articles", [0, 3])
def test_a_store_made_before_the_band_indexes_gains_them_on_opening(database_url: str, articles: int) -> None:
    engine = open_engine(database_url)
    store_simhashes(engine, [flipped(0, [n]) for n in range(articles)])
    with engine.begin() as connection:
        # The schema of a newscrawl before the band indexes (and before the migrations, so
        # no alembic_version): otherwise the same.
        for name in BAND_INDEXES:
            connection.execute(text(f"DROP INDEX {name}"))
        connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    reopened = open_engine(database_url)
    with reopened.connect() as connection:
        from newscrawl.store.dialect import index_names

        assert set(BAND_INDEXES) <= index_names(connection, "articles")
    found: dict[str, str] = {}

    def near() -> None:
        with sessions(reopened).reads() as session:
            found.update(near_duplicates(session, {"new.example/x": flipped(0, [0, 1])}, 3))

    for plan in _plans(reopened, near):
        assert not _scans_articles(plan), plan
    assert found == ({"new.example/x": "example.com/0"} if articles else {})


def test_a_distance_beyond_what_the_bands_find_exactly_is_warned_of(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    DedupPipeline.from_crawler(crawler_for(sqlite_url, NEWSCRAWL_NEAR_DUPLICATE_BITS=3))
    assert "simhash bands" not in caplog.text
    DedupPipeline.from_crawler(crawler_for(sqlite_url, NEWSCRAWL_NEAR_DUPLICATE_BITS=5))
    assert "only some beyond" in caplog.text
