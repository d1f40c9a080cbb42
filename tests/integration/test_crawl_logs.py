"""A crawl that logs megabytes finishes under `run` and `schedule`: its output goes to a log
file of its own (no pipe that fills up and blocks it), whose path is on its run row."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_runs, open_engine
from tests.cli import run_newscrawl
from tests.crawls import cleaned_up, dead_link_site, sources_file, start_in_own_group

LINKS = 2000
# Nothing to be polite to on 127.0.0.1: the 404s come back as fast as they can.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=false", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32")


def check_logged_run(db: str, logs: Path) -> None:
    [run] = list_runs(open_engine(db))
    assert run.finish_reason == "finished" and run.exit_status == 0, run
    assert run.stats["newscrawl/errors/http_404"] == LINKS
    assert run.log_path is not None
    log = Path(run.log_path)
    assert log.parent == logs and log.name.startswith("dead-links-")
    assert log.stat().st_size > 3_000_000  # far beyond the 64 KiB a pipe holds
    text = log.read_text()
    assert text.count("(http_404): HTTP 404") == LINKS
    assert f"errors:              {LINKS}" in text  # the crawl's own summary, printed last


def test_run_survives_a_crawl_that_logs_megabytes(tmp_path: Path) -> None:
    root = dead_link_site(tmp_path / "site", LINKS)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(root) as server, cleaned_up(db):
        sources = sources_file(
            tmp_path / "sources.toml", {"dead-links": f'feeds = ["{server.url}/feed.xml"]'}
        )
        result = run_newscrawl("run", "--sources", str(sources), "--db", db, *FAST, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("dead-links: finished; 0 article pages downloaded, 0 new")
    # The default folder is beside the sources file, wherever the command was started from.
    check_logged_run(db, tmp_path / "newscrawl-logs")


def test_schedule_survives_a_crawl_that_logs_megabytes(tmp_path: Path) -> None:
    root = dead_link_site(tmp_path / "site", LINKS)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    logs = tmp_path / "logs"
    with SiteServer(root) as server:
        sources = sources_file(
            tmp_path / "sources.toml",
            {"dead-links": f'feeds = ["{server.url}/feed.xml"]\ninterval = "1h"'},
        )
        scheduler = start_in_own_group(
            "schedule", "--sources", str(sources), "--db", db, "--log-dir", str(logs), *FAST
        )
        with cleaned_up(db, scheduler):
            engine = open_engine(db)
            deadline = time.monotonic() + 90
            # Until the scheduler has seen the crawl end and recorded its exit status.
            while time.monotonic() < deadline and scheduler.poll() is None:
                if any(r.exit_status is not None for r in list_runs(engine)):
                    break
                time.sleep(0.5)
            scheduler.send_signal(signal.SIGTERM)
            output, _ = scheduler.communicate(timeout=60)
    assert scheduler.returncode == 0, output
    assert "Source dead-links: finished, 0 new articles; next run in" in output
    check_logged_run(db, logs)
