"""Stopping a crawl midway (Ctrl-C, SIGTERM) loses nothing that was already extracted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, open_engine
from tests.sitegen import build_site


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_stopped_crawl_keeps_every_extracted_article(tmp_path: Path, stop: signal.Signals) -> None:
    build_site(tmp_path / "site", 120)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWL_")}
    with SiteServer(tmp_path / "site", delay=0.2) as server:
        crawl = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newscrawl",
                "crawl",
                server.url + "/sitemap.xml",
                "--db",
                db,
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                "-s",
                "AUTOTHROTTLE_ENABLED=false",
                # A long flush interval: what is stored at the end was flushed by the shutdown.
                "-s",
                "NEWSCRAWL_STORE_FLUSH_SECONDS=60",
                "-s",
                "NEWSCRAWL_STORE_BATCH_SIZE=1000",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        engine = open_engine(db)
        deadline = time.monotonic() + 60
        # Mid-crawl: some article pages fetched and extracted, none flushed, most still to come.
        while time.monotonic() < deadline and server.requests_served < 25:
            time.sleep(0.1)
        time.sleep(1)

        crawl.send_signal(stop)
        _, err = crawl.communicate(timeout=120)
    [run] = list_runs(engine)
    stored = len(list_articles(engine, limit=None))
    assert run.finish_reason == "shutdown", err[-2000:]
    assert 0 < stored < 120, "the crawl should have been stopped midway"
    assert stored == run.stats["item_scraped_count"] == run.stats["newscrawl/stored"]
    assert "Traceback" not in err
