"""Re-keying a store written by the old url_key: how long the first open by a newer newscrawl takes.

Articles are written through `newscrawl.store.ArticleWriter` into a SQLite file (and a fresh
PostgreSQL schema when one is given), each with one alias; then every key is set to what the
url_key before KEY_VERSION 2 computed (tests/legacykey.py), the key version is forgotten, and
`open_engine` is timed: it re-keys every row. A share of the URLs is percent-escaped in lower
case (their keys change) and some pairs are two spellings of one URL (they are merged).

Usage: python benchmarks/rekey.py [--articles 20000] [--postgres URL] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.store import ArticleWriter, list_articles, open_engine
from tests.articles import make_article
from tests.legacykey import legacy_url_key
from tests.pgschema import scratch_schema

BATCH = 500
# One article in this many is at a lower-case escaped URL; one in MERGED_EVERY also has a twin
# row at the same URL spelled in raw Unicode, which the old keys kept apart.
ESCAPED_EVERY = 4
MERGED_EVERY = 100


def _urls(count: int) -> list[str]:
    urls = []
    for n in range(count):
        if n % MERGED_EVERY == 1:
            urls.append(f"https://example.com/news/caf%c3%a9-{n - 1}")
        elif n % ESCAPED_EVERY == 0:
            urls.append(f"https://example.com/news/caf%c3%a9-{n}")
        else:
            urls.append(f"https://www.example.com/news/{n}/story.html")
    return urls


def _load(url: str, count: int) -> None:
    engine = open_engine(url)
    writer = ArticleWriter(engine)
    urls = _urls(count)
    # Written under placeholder URLs, which the new keys would not fold, then renamed.
    for start in range(0, count, BATCH):
        chunk = range(start, min(start + BATCH, count))
        writer.save([make_article(f"https://example.com/placeholder/{n}") for n in chunk])
        writer.save([make_article(f"https://example.com/placeholder/{n}?utm_source=feed") for n in chunk])
    with engine.begin() as connection:
        ids = [row[0] for row in connection.execute(text("SELECT id FROM articles ORDER BY id"))]
        connection.execute(
            text("UPDATE articles SET url = :url, url_key = :key WHERE id = :id"),
            [
                {
                    "id": i,
                    "url": u.replace("%c3%a9", "é") if n % MERGED_EVERY == 1 else u,
                    "key": legacy_url_key(u.replace("%c3%a9", "é") if n % MERGED_EVERY == 1 else u),
                }
                for n, (i, u) in enumerate(zip(ids, urls, strict=True))
            ],
        )
        aliases = connection.execute(text("SELECT id, url FROM aliases")).all()
        connection.execute(
            text("UPDATE aliases SET url_key = :key WHERE id = :id"),
            [{"id": i, "key": legacy_url_key(u)} for i, u in aliases],
        )
        connection.execute(text("DROP TABLE store_settings"))
    engine.dispose()


def measure(name: str, url: str, count: int) -> None:
    started = time.perf_counter()
    _load(url, count)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    engine = open_engine(url)
    rekeyed = time.perf_counter() - started
    started = time.perf_counter()
    open_engine(url).dispose()
    again = time.perf_counter() - started
    left = len(list_articles(engine, limit=None))
    engine.dispose()
    print(
        f"{name:10} {count:>7} articles (loaded in {loaded:.0f} s): first open re-keys in {rekeyed:.2f} s "
        f"({rekeyed / count * 1e6:.0f} us/article), next open {again:.3f} s; "
        f"{count - left} merged, {left} left"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--postgres", default=os.environ.get("NEWSCRAWL_TEST_POSTGRES_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            measure("sqlite", f"sqlite:///{Path(folder) / 'rekey.db'}", args.articles)
    if args.postgres:
        with scratch_schema(args.postgres, "bench") as url:
            measure("postgresql", url, args.articles)


if __name__ == "__main__":
    main()
