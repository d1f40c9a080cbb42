"""Two schedulers on one database: each source is crawled by one of them at a time."""

from __future__ import annotations

import itertools
import signal
import time
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, open_engine
from tests.crawls import cleaned_up, sources_file, start_in_own_group
from tests.sitegen import build_site

SLOW = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "AUTOTHROTTLE_ENABLED=false")


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
            time.sleep(15)
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
