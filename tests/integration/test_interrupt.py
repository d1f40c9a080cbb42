"""Stopping a crawl midway (Ctrl-C, SIGTERM) loses nothing that was already extracted."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, open_engine
from tests.cli import HOLD_UNTIL_SHUTDOWN, start_newscrawl
from tests.sitegen import build_site


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_stopped_crawl_keeps_every_extracted_article(tmp_path: Path, stop: signal.Signals) -> None:
    build_site(tmp_path / "site", 120)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(tmp_path / "site", delay=0.2) as server:
        crawl = start_newscrawl("crawl", server.url + "/sitemap.xml", "--db", db, *HOLD_UNTIL_SHUTDOWN)
        engine = open_engine(db)
        deadline = time.monotonic() + 60
        # Mid-crawl: some article pages fetched and extracted, none flushed, most still to come.
        while time.monotonic() < deadline and server.requests_served < 25:
            time.sleep(0.1)
        time.sleep(1)

        crawl.send_signal(stop)
        err, _ = crawl.communicate(timeout=120)
    [run] = list_runs(engine)
    stored = len(list_articles(engine, limit=None))
    assert run.finish_reason == "shutdown", err[-2000:]
    assert 0 < stored < 120, "the crawl should have been stopped midway"
    assert stored == run.stats["item_scraped_count"] == run.stats["newscrawl/stored"]
    assert "Traceback" not in err
