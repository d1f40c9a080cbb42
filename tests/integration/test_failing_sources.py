"""Sources that fail: shown as failed with a reason, backed off while they keep failing, back to
their interval once they succeed; and crawls killed outright show as killed, not running."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from newscrawl.exitcodes import FAILED, UNREACHABLE
from newscrawl.siteserver import SiteServer
from newscrawl.store import list_runs, load_states, open_engine
from tests.cli import clean_env, run_newscrawl
from tests.crawls import cleaned_up, free_port, sources_file, start_in_own_group
from tests.sitegen import build_site, write_feed

NO_RETRY = ("-s", "RETRY_TIMES=0")


def sources_json(sources: Path, db: str) -> dict[str, dict[str, object]]:
    listed = run_newscrawl("sources", "--sources", str(sources), "--db", db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    return {row["name"]: row for row in json.loads(listed.stdout)}


def test_a_dead_source_fails_run_and_shows_as_failed(tmp_path: Path) -> None:
    root = tmp_path / "site"
    paths = build_site(root, 3)
    write_feed(root, paths, ["Mon, 01 Apr 2024 10:00:00 GMT"] * 3)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(root) as server, cleaned_up(db):
        sources = sources_file(
            tmp_path / "sources.toml",
            {
                "alive": f'feeds = ["{server.url}/feed.xml"]\ninterval = "10m"',
                "dead": 'feeds = ["http://127.0.0.1:1/feed.xml"]\ninterval = "10m"',
            },
        )
        result = run_newscrawl("run", "--sources", str(sources), "--db", db, *NO_RETRY)
    # The largest status of its crawls: one did its job, one reached no page.
    assert result.returncode == UNREACHABLE, result.stdout + result.stderr
    assert "alive: finished; 3 article pages downloaded, 3 new" in result.stdout
    assert "dead: failed: no page could be fetched (1 errors); 0 article pages" in result.stdout
    assert "newscrawl: 1 of 2 sources failed" in result.stderr

    shown = sources_json(sources, db)
    assert shown["alive"]["last_result"] == "finished"
    assert shown["dead"]["last_result"] == "failed: no page could be fetched (1 errors)"
    assert (shown["alive"]["failures"], shown["dead"]["failures"]) == (0, 1)
    assert shown["dead"]["interval_s"] == 1200  # doubled after its first failure
    log = Path(str(shown["dead"]["last_log"]))
    assert "Connection refused" in log.read_text()


def test_a_failing_source_backs_off_and_recovers(tmp_path: Path) -> None:
    root = tmp_path / "site"
    paths = build_site(root, 3)
    write_feed(root, paths, ["Mon, 01 Apr 2024 10:00:00 GMT"] * 3)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    port = free_port()  # nothing listens there until the site comes up
    sources = sources_file(
        tmp_path / "sources.toml",
        {"flaky": f'feeds = ["http://127.0.0.1:{port}/feed.xml"]\ninterval = "1s"\nmax_interval = "4s"'},
    )
    scheduler = start_in_own_group("schedule", "--sources", str(sources), "--db", db, *NO_RETRY)
    engine = open_engine(db)
    with cleaned_up(db, scheduler):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and scheduler.poll() is None:
            state = load_states(engine).get("flaky")
            if state and state.failures >= 3:
                break
            time.sleep(0.2)
        down = sources_json(sources, db)["flaky"]
        with SiteServer(root, port=port):
            while time.monotonic() < deadline + 30 and scheduler.poll() is None:
                if any(r.finish_reason == "finished" and r.exit_status == 0 for r in list_runs(engine)):
                    break
                time.sleep(0.2)
            scheduler.send_signal(signal.SIGTERM)
            output, _ = scheduler.communicate(timeout=60)
    assert scheduler.returncode == 0, output

    # While down: failed with a reason, and the wait capped at max_interval (uncapped: 8s).
    assert str(down["last_result"]).startswith("failed: no page could be fetched"), down
    assert down["interval_s"] == 4 and down["failures"] in (3, 4), down
    runs = sorted(list_runs(engine), key=lambda r: r.id)
    failed = runs[:3]
    assert all(r.exit_status == UNREACHABLE for r in failed), runs
    # Each failure doubles the wait before the next run (1s interval: 2s, then 4s).
    # Lower bounds only: the next run opens its row after its process has started.
    for (before, after), wait in zip(itertools.pairwise(failed), (2, 4), strict=True):
        assert before.finished_at is not None
        assert (after.started_at - before.finished_at).total_seconds() >= wait, (before, after)
    # Up again: the first success ends the back-off and the interval adapts as usual.
    recovered = next(r for r in runs[3:] if r.exit_status == 0)
    assert recovered.stats["newscrawl/stored"] == 3
    state = load_states(engine)["flaky"]
    assert state.failures == 0 and state.interval_seconds <= 1.0, state


def test_a_killed_crawl_shows_as_killed_not_running(tmp_path: Path) -> None:
    root = tmp_path / "site"
    build_site(root, 60)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    engine = open_engine(db)
    with SiteServer(root, delay=0.2) as server:
        crawl = subprocess.Popen(
            [sys.executable, "-m", "newscrawl", "crawl", server.url + "/sitemap.xml", "--db", db],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=clean_env(),
            start_new_session=True,
        )
        with cleaned_up(db):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (list_runs(engine) and server.requests_served >= 10):
                time.sleep(0.1)
            running = json.loads(run_newscrawl("runs", "--db", db, "--format", "json").stdout)
            os.killpg(crawl.pid, signal.SIGKILL)  # the crawl and its extraction workers
            crawl.wait()
            [left_open] = list_runs(engine)
            # The next crawl closes the run that the killed one left open.
            run_newscrawl("crawl", server.url + "/news/2024/04/01/generated-story-number-0.html", "--db", db)
        closed = {r.id: r for r in list_runs(engine)}[left_open.id]
        listed = json.loads(run_newscrawl("runs", "--db", db, "--format", "json").stdout)

    assert [(r["result"], r["finished_at"]) for r in running] == [("running", None)]
    assert left_open.finished_at is None
    assert closed.finish_reason == "killed" and closed.finished_at is not None
    assert [r["result"] for r in listed] == ["finished", "killed"]
    assert listed[1]["reason"] == f"process {crawl.pid} ended without closing its run"
    assert listed[1]["exit_status"] == FAILED


def test_run_reports_a_crawl_killed_under_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    build_site(root, 60)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    engine = open_engine(db)
    with SiteServer(root, delay=0.2) as server:
        sources = sources_file(
            tmp_path / "sources.toml", {"local": f'sitemaps = ["{server.url}/sitemap.xml"]'}
        )
        run = start_in_own_group("run", "--sources", str(sources), "--db", db)
        with cleaned_up(db, run):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (list_runs(engine) and server.requests_served >= 10):
                time.sleep(0.1)
            [crawl] = list_runs(engine)
            assert crawl.pid is not None
            os.killpg(crawl.pid, signal.SIGKILL)
            output, _ = run.communicate(timeout=60)
    assert run.returncode == FAILED, output
    [killed] = list_runs(engine)
    assert (killed.finish_reason, killed.exit_status) == ("killed", FAILED)
    assert killed.error is not None and killed.error.startswith("crawl died (killed by SIGKILL): ")
    assert "local: killed: crawl died (killed by SIGKILL)" in output
