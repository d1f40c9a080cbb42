"""Search at its bounds: the slowest queries within the caps, over 10,000 stored articles.

Generated articles (Zipf-distributed words, so that a few words are in every article, as "the"
is in English) are written through `newscrawl.store.ArticleWriter` into a SQLite file and into a
fresh PostgreSQL schema; then the worst queries the caps still let through (most terms, longest
query, the commonest words, short prefixes, punctuation-only input, and phrase, OR and
exclusion) are each run a few times through `newscrawl.store.search`, and the slowest
run of each is printed, slowest first, per backend. The target: none above one second.
PostgreSQL is measured right after the load and again after VACUUM ANALYZE (autovacuum's work,
which changes the planner's choices).

Usage: python benchmarks/search_bounds.py [--articles 10000] [--runs 3] [--postgres URL] [--no-sqlite]

PostgreSQL comes from --postgres, else NEWSCRAWL_TEST_POSTGRES_URL; without either it is skipped.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from newscrawl.article import Article
from newscrawl.fingerprint import content_hash, simhash
from newscrawl.store import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_TERMS,
    ArticleWriter,
    SearchRefused,
    open_engine,
    search,
)
from newscrawl.urlkey import site_of, url_key

# The commonest English words, commonest first: generated text draws them most often.
_COMMON = """the of and to a in is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when if so no will
more can said who after two into its new also over about than them may people year could"""
COMMON = _COMMON.split()
_SYLLABLES = "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru"
SYLLABLES = _SYLLABLES.split()
BATCH = 500


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """COMMON first, then made-up words of two to five syllables, as ranked by frequency."""
    words = dict.fromkeys(COMMON)
    while len(words) < size:
        words["".join(rng.choices(SYLLABLES, k=rng.randint(2, 5)))] = None
    return list(words)


def articles(count: int, seed: int = 1) -> Iterator[Article]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    # Zipf's law: the word of rank r is drawn with weight 1/r.
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))

    def sentence(length: int) -> str:
        drawn = rng.choices(words, cum_weights=weights, k=length)
        return " ".join(drawn).capitalize() + "."

    start = datetime(2024, 1, 1, tzinfo=UTC)
    for number in range(count):
        url = f"https://news{number % 20}.example.com/story/{number}"
        # About 600 words in 6 paragraphs: a typical news story of 3-4 kB.
        body = "\n\n".join(" ".join(sentence(rng.randint(8, 25)) for _ in range(6)) for _ in range(6))
        yield Article(
            url=url,
            url_key=url_key(url),
            site=site_of(url),
            headline=sentence(rng.randint(6, 12)),
            description=sentence(rng.randint(15, 30)),
            body=body,
            content_hash=content_hash(body),
            simhash=simhash(body),
            published_at=start + timedelta(minutes=37 * number),
            language="en",
        )


def store(url: str, count: int) -> float:
    """Seconds to write `count` generated articles in batches."""
    writer = ArticleWriter(open_engine(url))
    started = time.perf_counter()
    batch: list[Article] = []
    for article in articles(count):
        batch.append(article)
        if len(batch) == BATCH:
            writer.save(batch)
            batch = []
    writer.save(batch)
    return time.perf_counter() - started


def queries() -> dict[str, str]:
    """The worst queries within the caps, by name."""
    most = COMMON[:MAX_SEARCH_TERMS]
    long_words = [w * (MAX_SEARCH_LENGTH // MAX_SEARCH_TERMS // len(w)) for w in ("ma", "bako", "ri")]
    # The beginnings of made-up words: a syllable and the next one's first letter.
    starts = list(dict.fromkeys(first + second[0] for first in SYLLABLES for second in SYLLABLES))
    found = {
        "commonest word": COMMON[0],
        f"{MAX_SEARCH_TERMS} commonest words": " ".join(most),
        f"commonest word x{MAX_SEARCH_TERMS}": " ".join([COMMON[0]] * MAX_SEARCH_TERMS),
        "one rare word among common ones": " ".join([*most[:-1], "zyzzyva"]),
        f"one word of {MAX_SEARCH_LENGTH} characters": "a" * MAX_SEARCH_LENGTH,
        f"{MAX_SEARCH_TERMS} long words, {MAX_SEARCH_LENGTH} characters": " ".join(
            (long_words * MAX_SEARCH_TERMS)[:MAX_SEARCH_TERMS]
        )[:MAX_SEARCH_LENGTH],
        # Prefixes as short as the parser takes (MIN_PREFIX_LENGTH), of the commonest starts.
        "prefix: the*": "the*",
        "prefixes: tha* abo* ove*": "tha* abo* ove*",
        f"{MAX_SEARCH_TERMS} single letters": " ".join(
            "abcdefghijklmnopqrstuvwxyz"[i % 26] for i in range(MAX_SEARCH_TERMS)
        ),
        f"{MAX_SEARCH_TERMS} three-letter prefixes": " ".join(p + "*" for p in starts[:MAX_SEARCH_TERMS]),
        f"{MAX_SEARCH_TERMS // 2} three-letter prefixes OR'd": " OR ".join(
            p + "*" for p in starts[: MAX_SEARCH_TERMS // 2]
        ),
        f"{MAX_SEARCH_LENGTH} characters of punctuation": ("!?*-\"'():;" * MAX_SEARCH_LENGTH)[
            :MAX_SEARCH_LENGTH
        ],
        f"phrase of {MAX_SEARCH_TERMS} common words": '"' + " ".join(most) + '"',
        f"{MAX_SEARCH_TERMS // 2} common words OR'd": " OR ".join(most[: MAX_SEARCH_TERMS // 2]),
        "commonest word, negated second": f"{COMMON[0]} -{COMMON[1]}",
        f"rare word, {MAX_SEARCH_TERMS - 1} negated common words": " ".join(
            ["zyzzyva", *("-" + w for w in most[1:])]
        ),
        "rare word, negated common": "zyzzyva -" + COMMON[0],
    }
    for name, query in found.items():
        assert len(query) <= MAX_SEARCH_LENGTH, name
    return found


def measure(url: str, runs: int) -> list[tuple[float, str, int]]:
    """(slowest of `runs`, query name, hits) for each query, slowest first."""
    engine = open_engine(url, create=False)
    results = []
    for name, query in queries().items():
        times = []
        hits = 0
        for _ in range(runs):
            started = time.perf_counter()
            try:
                hits = len(search(engine, query).hits)
            except SearchRefused as refused:
                raise SystemExit(f"{name!r} is beyond the caps: {refused}") from refused
            times.append(time.perf_counter() - started)
        results.append((max(times), name, hits))
    engine.dispose()
    return sorted(results, reverse=True)


def report(backend: str, count: int, seconds_to_store: float, results: list[tuple[float, str, int]]) -> None:
    print(f"\n{backend}: {count} articles stored in {seconds_to_store:.0f} s")
    for seconds, name, hits in results:
        print(f"  {seconds * 1000:8.1f} ms  {hits:3} hits  {name}")
    slowest, name, _ = results[0]
    verdict = "within" if slowest <= 1.0 else "OVER"
    print(f"  slowest: {slowest * 1000:.1f} ms ({name}), {verdict} the 1 s target")


def postgres_schema(base: str) -> tuple[str, str]:
    """A fresh schema's URL (through its search_path) and the schema's name."""
    base = base.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", schema


def vacuum(url: str) -> None:
    """What autovacuum does soon after a bulk load: planner statistics, the GIN index's
    pending entries merged. Without it the planner reads every row even for a rare word."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE articles"))
    engine.dispose()


def drop_schema(base: str, schema: str) -> None:
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each query; the slowest counts")
    parser.add_argument("--postgres", default=os.environ.get("NEWSCRAWL_TEST_POSTGRES_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"caps: {MAX_SEARCH_TERMS} terms, {MAX_SEARCH_LENGTH} characters")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'search.db'}"
            stored = store(url, args.articles)
            report("SQLite", args.articles, stored, measure(url, args.runs))
    if args.postgres:
        url, schema = postgres_schema(args.postgres)
        try:
            stored = store(url, args.articles)
            report("PostgreSQL, just written", args.articles, stored, measure(url, args.runs))
            vacuum(url)
            report("PostgreSQL, after VACUUM ANALYZE", args.articles, stored, measure(url, args.runs))
        finally:
            drop_schema(args.postgres, schema)
    else:
        print("\nPostgreSQL: skipped (no --postgres URL and no NEWSCRAWL_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
