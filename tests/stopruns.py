"""Crawls stopped by signals at random moments, with what the site served set against what was stored.

`python -m tests.stopruns --runs 40` prints the table; the integration tests run fewer.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.siteserver import SiteServer
from tests.cli import start_newscrawl
from tests.sitegen import build_site

ARTICLE_MARK = "generated-story-number-"
# Small batches: a stop or a kill can then land between, or inside, transactions.
CRAWL_SETTINGS = (
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "-s", "AUTOTHROTTLE_ENABLED=false",
    "-s", "NEWSCRAWL_STORE_BATCH_SIZE=3",
    "-s", "NEWSCRAWL_STORE_FLUSH_SECONDS=0.5",
)  # fmt: skip


@dataclass
class StopRun:
    signal: str
    after: float
    exit_code: int
    served: int
    stored: int
    lost: int
    duplicated: int
    stop_seconds: float
    group_left: bool
    output: str

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.output


def start_crawl(url: str, db: str | Path, *args: str) -> subprocess.Popen[str]:
    """A crawl in a process group of its own, as systemd or `timeout` would run it."""
    return start_newscrawl("crawl", url, "--db", str(db), *CRAWL_SETTINGS, *args, own_group=True)


def group_gone(pgid: int, within: float = 10.0) -> bool:
    """Whether every process of the group (extraction workers included) has exited."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def stored_paths(db: Path) -> list[str]:
    """The paths of the stored articles; none while the crawl has not created its schema."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return []
        return [urlsplit(url).path for (url,) in connection.execute("SELECT url FROM articles")]


def served_articles(server: SiteServer) -> list[str]:
    return [path for path in server.paths_served if ARTICLE_MARK in path]


def stop_once(site: Path, workdir: Path, signum: signal.Signals, after: float) -> StopRun:
    """Crawl the site's sitemap, signal the crawl's whole process group after `after` seconds."""
    db = workdir / "news.db"
    with SiteServer(site, delay=0.05) as server:
        crawl = start_crawl(server.url + "/sitemap.xml", db)
        time.sleep(after)
        sent = time.monotonic()
        if crawl.poll() is None:
            os.killpg(crawl.pid, signum)
        output, _ = crawl.communicate(timeout=180)
        stop_seconds = time.monotonic() - sent
        served = served_articles(server)
    stored = stored_paths(db)
    return StopRun(
        signal=signum.name,
        after=after,
        exit_code=crawl.returncode,
        served=len(set(served)),
        stored=len(stored),
        lost=len(set(served) - set(stored)),
        duplicated=len(stored) - len(set(stored)),
        stop_seconds=stop_seconds,
        group_left=not group_gone(crawl.pid),
        output=output,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    chance = random.Random(options.seed)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_site(site, options.pages)
        print("run  signal   after  exit  served  stored  lost  duplicated  stop_s  tracebacks  left")
        totals = [0, 0, 0, 0]
        for number in range(options.runs):
            workdir = Path(folder) / f"run{number}"
            workdir.mkdir()
            signum = (signal.SIGINT, signal.SIGTERM)[number % 2]
            run = stop_once(site, workdir, signum, chance.uniform(0.5, 6.0))
            counts = (run.served, run.stored, run.lost, run.duplicated)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            print(
                f"{number:3}  {run.signal:7} {run.after:5.1f}  {run.exit_code:4}  {run.served:6}  "
                f"{run.stored:6}  {run.lost:4}  {run.duplicated:10}  {run.stop_seconds:6.1f}  "
                f"{run.traceback!s:10}  {run.group_left}"
            )
        print(f"total: served {totals[0]}, stored {totals[1]}, lost {totals[2]}, duplicated {totals[3]}")


if __name__ == "__main__":
    main()
