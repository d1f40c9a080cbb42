"""`newscrawl schedule` with two sources: runs each when due, adapts, stops cleanly on SIGTERM."""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, load_states, open_engine
from tests.cli import HOLD_UNTIL_SHUTDOWN, start_newscrawl
from tests.sitegen import build_site, write_feed

SOURCES = """[[source]]
name = "big"
sitemaps = ["{base}/sitemap.xml"]
interval = "3s"

[[source]]
name = "small"
feeds = ["{base}/feed.xml"]
interval = "2s"
"""


def test_scheduler_runs_sources_and_stops_without_loss(tmp_path: Path) -> None:
    root = tmp_path / "site"
    paths = build_site(root, 300)
    write_feed(root, paths[:3], ["Mon, 01 Apr 2024 10:00:00 GMT"] * 3)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    engine = open_engine(db)
    with SiteServer(root, delay=0.3) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=server.url))
        scheduler = start_newscrawl(
            "schedule", "--sources", str(sources), "--db", db, "--parallel", "2", *HOLD_UNTIL_SHUTDOWN
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            small_runs = [r for r in list_runs(engine) if r.source == "small" and r.finished_at]
            if len(small_runs) >= 2:
                break
            time.sleep(0.5)
        scheduler.send_signal(signal.SIGTERM)
        output, _ = scheduler.communicate(timeout=120)

    assert scheduler.returncode == 0, output
    runs = list_runs(engine)
    big = [r for r in runs if r.source == "big"]
    small = [r for r in runs if r.source == "small"]
    assert len(small) >= 2, output
    assert [r.stats.get("newscrawl/stored", 0) for r in sorted(small, key=lambda r: r.id)][:2] == [3, 0]
    assert len(big) == 1 and big[0].finish_reason == "shutdown", output
    # Nothing extracted was lost: every scraped item of every run reached the database.
    for run in runs:
        assert run.finished_at is not None
        # Each crawl logged to a file of its own, beside the sources file by default.
        assert run.log_path and Path(run.log_path).parent == tmp_path / "newscrawl-logs", run
        assert Path(run.log_path).is_file()
        saved = sum(
            run.stats.get(f"newscrawl/{k}", 0) for k in ("stored", "duplicates", "revised", "unchanged")
        )
        assert run.stats.get("item_scraped_count", 0) == saved, run
    stored_by_runs = sum(r.stats.get("newscrawl/stored", 0) for r in runs)
    assert len(list_articles(engine, limit=None)) == stored_by_runs
    assert 0 < big[0].stats["newscrawl/stored"] < 300

    states = load_states(engine)
    now = datetime.now(UTC)
    assert states["big"].next_run_at <= now  # cut short: due again as soon as we restart
    assert states["small"].interval_seconds != 2.0  # adapted to what the source yielded
    assert 0.5 <= states["small"].interval_seconds <= 8.0
