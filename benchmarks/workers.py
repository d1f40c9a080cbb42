"""Distributed crawling on one machine: pages per second with 1, 2 and 4 `newscrawl worker`
processes beside one `newscrawl crawl`, over the same local site, in one run.

The site is tests/sitegen's (N distinct generated articles and a sitemap) on 127.0.0.1. Each
configuration gets a fresh database (a PostgreSQL scratch schema with --postgres, else a
SQLite file) and, for workers, a fresh Redis key prefix. A worker run is timed from the
workers' start until the queue has every request done; the workers are then stopped with
SIGTERM. `crawl` is timed from start to exit. Both include process start-up.

Usage: python benchmarks/workers.py [--pages 1000] [--workers 1,2,4]
         [--redis redis://127.0.0.1:6379/15] [--postgres postgresql://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from newscrawl.distributed.queue import SharedQueue  # noqa: E402
from newscrawl.siteserver import SiteServer  # noqa: E402
from tests.pgschema import scratch_schema  # noqa: E402
from tests.sitegen import build_site  # noqa: E402
from tests.workerruns import stored_paths  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWL_")} | {
    "PYTHONPATH": str(HERE.parent)
}


def newscrawl(*args: str) -> list[str]:
    return [sys.executable, "-m", "newscrawl", *args]


@contextmanager
def database(postgres: str | None, folder: Path, name: str) -> Iterator[str]:
    if postgres:
        with scratch_schema(postgres, "bench") as url:
            yield url
    else:
        yield f"sqlite:///{folder / (name + '.db')}"


def time_crawl(url: str, db: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(newscrawl("crawl", url, "--db", db), capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"crawl failed:\n{result.stderr[-3000:]}")
    return elapsed


def time_workers(url: str, db: str, redis_url: str, count: int, total: int) -> float:
    client = redis.Redis.from_url(redis_url)
    queue = SharedQueue(client, f"bench-{uuid.uuid4().hex[:8]}")
    subprocess.run(
        newscrawl("enqueue", "--redis", redis_url, "--prefix", queue.prefix, url),
        check=True,
        capture_output=True,
        env=ENV,
    )
    start = time.perf_counter()
    workers = [
        subprocess.Popen(
            newscrawl("worker", "--redis", redis_url, "--prefix", queue.prefix, "--db", db),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            start_new_session=True,
        )
        for _ in range(count)
    ]
    try:
        while True:
            counts = queue.counts()
            if counts.done >= total and counts.idle:
                break
            if any(worker.poll() is not None for worker in workers):
                sys.exit(f"a worker exited early:\n{workers[0].communicate()[1][-3000:]}")
            time.sleep(0.1)
        return time.perf_counter() - start
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.communicate(timeout=120)
        queue.clear()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument(
        "--redis", default=os.environ.get("NEWSCRAWL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    parser.add_argument("--postgres", default=os.environ.get("NEWSCRAWL_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        build_site(folder / "site", args.pages)
        rows = []
        with SiteServer(folder / "site") as server:
            sitemap = server.url + "/sitemap.xml"
            with database(args.postgres, folder, "crawl") as db:
                seconds = time_crawl(sitemap, db)
                rows.append(("newscrawl crawl", seconds, len(set(stored_paths(db)))))
            for count in (int(n) for n in args.workers.split(",")):
                with database(args.postgres, folder, f"workers{count}") as db:
                    seconds = time_workers(sitemap, db, args.redis, count, args.pages + 1)
                    rows.append(
                        (f"{count} worker{'s' if count > 1 else ''}", seconds, len(set(stored_paths(db))))
                    )
    store = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.pages} pages, {store}, {os.cpu_count()} CPUs")
    print(f"{'how':<18}{'seconds':>9}{'stored':>8}{'pages/s':>9}")
    for how, seconds, stored in rows:
        print(f"{how:<18}{seconds:>9.1f}{stored:>8}{args.pages / seconds:>9.1f}")


if __name__ == "__main__":
    main()
