"""Two schedulers on one database: each source is crawled by one of them at a time."""

from __future__ import annotations

import contextlib
import itertools
import signal
import sqlite3
import time
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, open_engine
from tests.crawls import cleaned_up, sources_file, start_in_own_group
from tests.sitegen import build_site

SLOW = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "AUTOTHROTTLE_ENABLED=false")


def wait_for_finished_runs(path: Path, count: int, sources: tuple[str, ...]) -> None:
    """Until each source has `count` finished runs: a fixed wait gave a loaded machine time
    for one run of a source, and the test then had no two runs to hold apart."""
    query = "SELECT source, count(*) FROM crawl_runs WHERE finished_at IS NOT NULL GROUP BY 1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        finished = {}
        # A plain read, not list_runs: open_engine would take the schema lock and check the
        # migrations twice a second beside the schedulers. Never created here either: the
        # schedulers make the database, as they would for a user.
        if path.exists():
            # OperationalError: the tables are not made yet, or the database is busy.
            with (
                contextlib.suppress(sqlite3.OperationalError),
                contextlib.closing(sqlite3.connect(path, timeout=5)) as connection,
            ):
                finished = dict(connection.execute(query).fetchall())
        if all(finished.get(source, 0) >= count for source in sources):
            return
        time.sleep(0.5)


def test_two_schedulers_never_crawl_one_source_at_once(tmp_path: Path) -> None:
    build_site(tmp_path / "site", 30)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(tmp_path / "site", delay=0.1) as server:
        sources = sources_file(
            tmp_path / "sources.toml",
            {
                name: f'sitemaps = ["{server.url}/sitemap.xml"]\ninterval = "1s"\nmin_interval = "1s"'
                for name in ("first", "second")
            },
        )
        command = ("schedule", "--sources", str(sources), "--db", db, "--parallel", "2", *SLOW)
        schedulers = [start_in_own_group(*command) for _ in range(2)]
        with cleaned_up(db, *schedulers):
            wait_for_finished_runs(tmp_path / "news.db", 2, ("first", "second"))
            for scheduler in schedulers:
                scheduler.send_signal(signal.SIGTERM)
            outputs = [scheduler.communicate(timeout=120)[0] for scheduler in schedulers]
    assert [s.returncode for s in schedulers] == [0, 0], outputs
    runs = list_runs(open_engine(db), 1000)
    for source in ("first", "second"):
        spans = sorted((r.started_at, r.finished_at) for r in runs if r.source == source)
        assert len(spans) >= 2, outputs
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end is not None and end <= start, f"{source} ran twice at once: {spans}"
    # Each run is credited with what it stored, and together they stored each article once.
    assert sum(r.stats.get("newscrawl/stored", 0) for r in runs) == len(
        list_articles(open_engine(db), limit=None)
    )
