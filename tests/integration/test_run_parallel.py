"""`newscrawl run --parallel N` crawls sources side by side, and a SIGTERM to its process
group (systemd, `timeout`, `kill -- -PGID`) stops every crawl without losing what it extracted."""

from __future__ import annotations

import json
import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.exitcodes import STOPPED
from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, load_states, open_engine
from tests.cli import HOLD_UNTIL_SHUTDOWN, run_newscrawl
from tests.crawls import cleaned_up, sources_file, start_in_own_group
from tests.sitegen import build_site, write_feed, write_sitemap

SLOW = ("-s", "AUTOTHROTTLE_ENABLED=false", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")


def two_sources(tmp_path: Path, articles: int, url: str) -> Path:
    """Source "feed" lists the first half of the site's articles, "sitemap" the second."""
    root = tmp_path / "site"
    paths = build_site(root, articles)
    half = articles // 2
    write_feed(root, paths[:half], ["Mon, 01 Apr 2024 10:00:00 GMT"] * half)
    write_sitemap(root, paths[half:])
    return sources_file(
        tmp_path / "sources.toml",
        {"feed": f'feeds = ["{url}/feed.xml"]', "sitemap": f'sitemaps = ["{url}/sitemap.xml"]'},
    )


def test_run_crawls_two_sources_at_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'news.db'}"
    build_site(tmp_path / "site", 32)  # the server needs its folder before it starts
    with SiteServer(tmp_path / "site", delay=0.3) as server, cleaned_up(db):
        sources = two_sources(tmp_path, 32, server.url)
        result = run_newscrawl("run", "--sources", str(sources), "--db", db, "--parallel", "2", *SLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = sorted(result.stdout.splitlines())
    assert lines[0].startswith("feed: finished; 16 article pages downloaded, 16 new"), lines
    assert lines[1].startswith("sitemap: finished; 16 article pages downloaded, 16 new"), lines
    feed, sitemap = sorted(list_runs(open_engine(db)), key=lambda r: r.source or "")
    assert feed.finished_at and sitemap.finished_at
    # Side by side: each crawl opened its run before the other closed its own.
    assert feed.started_at < sitemap.finished_at and sitemap.started_at < feed.finished_at
    assert feed.log_path != sitemap.log_path
    assert all(Path(r.log_path or "").is_file() for r in (feed, sitemap))


def test_sigterm_to_runs_process_group_stops_every_crawl_without_loss(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'news.db'}"
    build_site(tmp_path / "site", 240)
    with SiteServer(tmp_path / "site", delay=0.2) as server:
        sources = two_sources(tmp_path, 240, server.url)
        run = start_in_own_group(
            "run", "--sources", str(sources), "--db", db, "--parallel", "2", *HOLD_UNTIL_SHUTDOWN
        )
        with cleaned_up(db, run):
            engine = open_engine(db)
            deadline = time.monotonic() + 60
            # Mid-crawl: both crawls have opened their runs and fetched article pages.
            while time.monotonic() < deadline and run.poll() is None:
                if len(list_runs(engine)) == 2 and server.requests_served >= 30:
                    break
                time.sleep(0.1)
            time.sleep(1)
            os.killpg(run.pid, signal.SIGTERM)  # what systemd, `timeout` or `kill -- -PGID` send
            output, _ = run.communicate(timeout=120)
        listed = run_newscrawl("sources", "--sources", str(sources), "--db", db, "--format", "json")

    assert run.returncode == STOPPED, output
    runs = list_runs(engine)
    assert sorted(r.source or "" for r in runs) == ["feed", "sitemap"]
    for crawl in runs:
        assert (crawl.finish_reason, crawl.exit_status) == ("shutdown", STOPPED), crawl
        # Nothing extracted was lost: every scraped item reached the database.
        assert crawl.stats["item_scraped_count"] == crawl.stats["newscrawl/stored"]
        assert 0 < crawl.stats["newscrawl/stored"] < 120, "the crawl should have been stopped midway"
        assert f"{crawl.source}: stopped; " in output
    assert len(list_articles(engine, limit=None)) == sum(r.stats["newscrawl/stored"] for r in runs)
    assert "Traceback" not in output

    # A stop we asked for is no failure: no back-off, and due again at once.
    states = load_states(engine)
    assert all(s.failures == 0 and s.next_run_at <= datetime.now(UTC) for s in states.values())
    assert [s["last_result"] for s in json.loads(listed.stdout)] == ["stopped", "stopped"]
