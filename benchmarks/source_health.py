"""Source health over a large store: how long `sources`, `serve` and the end of a run wait.

A store of generated articles (97 sites, first stored over the last 120 days, so a quarter of
them are in the 30-day health window) is filled by SQL, in SQLite and, when a URL is given, in
a fresh PostgreSQL schema. One site's dates vanish on its last day. Then each health query is
run a few times and its slowest run printed: every site's health (`newscrawl sources`), one
site's (a run's end), one site's 30 days of coverage (a chart of `serve`), and the drops a run
is warned of. The flagged site is checked, so a fast wrong answer does not pass.

Usage: python benchmarks/source_health.py [--articles 1000000] [--runs 3] [--postgres URL] [--no-sqlite]

PostgreSQL comes from --postgres, else NEWSCRAWL_TEST_POSTGRES_URL; without either it is skipped.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, bindparam, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.store import daily_coverage, open_engine, run_drops, source_health, source_sites, start_run
from tests.pgschema import scratch_schema

SITES = 97  # prime: no site gets only the stubs, or only the articles without authors
DAYS = 120
# Per backend: a body of about 800 characters (one article in ten a 60-character stub), and
# the time article n was first stored, spread evenly over DAYS whole days ending tonight.
_BODY = {
    "sqlite": "CASE WHEN n % 10 = 0 THEN 'Stub of story ' || n ELSE "
    "replace(hex(zeroblob(32)), '00', 'Paragraph of story ' || n || '. ') END",
    "postgresql": "CASE WHEN n % 10 = 0 THEN 'Stub of story ' || n ELSE "
    "repeat('Paragraph of story ' || n || '. ', 32) END",
}
_SEEN = {
    "sqlite": "datetime(:start, '+' || ((n - 1) * :seconds / :count) || ' seconds')",
    "postgresql": "CAST(:start AS timestamptz) "
    "+ make_interval(secs => CAST(n - 1 AS bigint) * :seconds / :count)",
}
# PostgreSQL's json columns take no text without a cast.
_JSON = {"sqlite": "", "postgresql": "::json"}
_ARTICLES = """
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :count)
INSERT INTO articles (url, url_key, site, headline, body, subheadings, authors, published_at,
  caption, content_hash, simhash, fetched_at, first_seen, last_seen, provenance, revisits)
SELECT 'https://site' || (n % {sites}) || '.example/' || n, 'site' || (n % {sites}) || '.example/' || n,
  'site' || (n % {sites}) || '.example', 'Headline of story ' || n, {body}, '[]'{json},
  CASE WHEN n % 5 = 0 THEN '[]'{json} ELSE '["Reporter"]'{json} END,
  CASE WHEN n % 7 = 0 THEN NULL ELSE {seen} END,
  CASE WHEN n % 3 = 0 THEN NULL ELSE 'Caption of ' || n END,
  'h' || n, n, {seen}, {seen}, {seen}, '{{}}'{json}, 0
FROM g"""
_TAGS = [
    "INSERT INTO tags (name, key) VALUES ('Topic', 'topic')",
    "INSERT INTO article_tags (article_id, tag_id, position, name) SELECT id, 1, 0, 'Topic' FROM articles"
    " WHERE id % 2 = 0",
]
_LAST_DAY = "first_seen >= :day AND site = 'site0.example'"


def fill(engine: Engine, count: int) -> tuple[float, int]:
    """`count` articles, site0's of the last day without dates and stored by one run; the
    seconds it took and that run's id."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    dialect = engine.dialect.name
    statement = _ARTICLES.format(sites=SITES, body=_BODY[dialect], seen=_SEEN[dialect], json=_JSON[dialect])
    run_id = start_run(engine, "news", [], source="bench")
    with engine.begin() as connection:
        tonight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        start = (tonight - timedelta(days=DAYS)).isoformat(sep=" ")
        connection.execute(text(statement), {"count": count, "start": start, "seconds": DAYS * 86400})
        for sql in _TAGS:
            connection.execute(text(sql))
        day = {"day": datetime.combine(now.date(), datetime.min.time(), UTC), "run": run_id}
        last_day = text(f"UPDATE articles SET published_at = NULL, crawl_run_id = :run WHERE {_LAST_DAY}")
        connection.execute(last_day.bindparams(bindparam("day", type_=DateTime(timezone=True))), day)
        started_then = text("UPDATE crawl_runs SET started_at = :day WHERE id = :run")
        connection.execute(started_then.bindparams(bindparam("day", type_=DateTime(timezone=True))), day)
    if dialect == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started, run_id


def slowest(runs: int, call: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return max(times), result


def measure(backend: str, url: str, count: int, runs: int) -> None:
    engine = open_engine(url)
    filled, run_id = fill(engine, count)
    print(f"\n{backend}: {count:,} articles, {SITES} sites over {DAYS} days, filled in {filled:.1f} s")
    checks: dict[str, Callable[[], Any]] = {
        "every site's health (sources)": lambda: source_health(engine),
        "a source's sites (sources)": lambda: source_sites(engine, ["bench"]),
        "one site's health": lambda: source_health(engine, sites=["site0.example"]),
        "one site's 30 days (serve's chart)": lambda: daily_coverage(engine, "site0.example"),
        "a run's drops (end of a run)": lambda: run_drops(engine, run_id),
    }
    for name, call in checks.items():
        seconds, result = slowest(runs, call)
        print(f"  {name:<36} {seconds * 1000:8.1f} ms")
        if name.startswith("a source's"):
            assert result == {"bench": ["site0.example"]}, result
        if name.startswith("every"):
            flagged = [(h.site, [d.field for d in h.drops]) for h in result if h.drops]
            assert flagged == [("site0.example", ["date"])], flagged
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each query; the slowest counts")
    parser.add_argument("--postgres", default=os.environ.get("NEWSCRAWL_TEST_POSTGRES_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            measure("SQLite", f"sqlite:///{Path(folder) / 'health.db'}", args.articles, args.runs)
    if args.postgres:
        with scratch_schema(args.postgres, "bench") as url:
            measure("PostgreSQL", url, args.articles, args.runs)
    else:
        print("\nPostgreSQL: skipped (no --postgres URL and no NEWSCRAWL_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
