"""Open runs whose process is gone are closed as killed; live ones, and other hosts', stay open."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from newscrawl.liveness import crawl_alive
from newscrawl.runresult import describe, result
from newscrawl.store import close_dead_runs, list_runs, open_engine, start_run
from newscrawl.store.db import session_factory
from newscrawl.store.models import CrawlRunRow

SLEEP = "import time; time.sleep(60)"


def started(*args: str) -> subprocess.Popen[bytes]:
    """A process that has got as far as its own command line (exec is over)."""
    process = subprocess.Popen([sys.executable, *args])
    while not Path(f"/proc/{process.pid}/cmdline").read_bytes():
        time.sleep(0.01)
    return process


def state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """A live process whose command line names newscrawl, as a crawl's does."""
    process = started("-c", SLEEP, "newscrawl")
    yield process
    process.kill()
    process.wait()


def test_a_live_crawl_is_alive(sleeper: subprocess.Popen[bytes]) -> None:
    assert crawl_alive(sleeper.pid, datetime.now(UTC))


def test_a_process_younger_than_the_run_has_taken_its_pid(sleeper: subprocess.Popen[bytes]) -> None:
    assert not crawl_alive(sleeper.pid, datetime.now(UTC) - timedelta(hours=1))


def test_other_programs_ended_processes_and_zombies_are_not_crawls() -> None:
    other = started("-c", SLEEP)
    try:
        assert not crawl_alive(other.pid, datetime.now(UTC))
    finally:
        other.kill()
        other.wait()
    assert not crawl_alive(other.pid, datetime.now(UTC))  # ended and collected
    zombie = subprocess.Popen([sys.executable, "-c", "", "newscrawl"])
    while state(zombie.pid) != "Z":
        time.sleep(0.01)  # until it has ended; it is not collected before zombie.wait()
    assert not crawl_alive(zombie.pid, datetime.now(UTC))
    zombie.wait()


def test_close_dead_runs(tmp_path: Path, sleeper: subprocess.Popen[bytes]) -> None:
    engine = open_engine(f"sqlite:///{tmp_path}/runs.db")
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    dead, alive, elsewhere = (start_run(engine, "news", [], source) for source in ("dead", "alive", "far"))
    with session_factory(engine).begin() as session:
        for run_id, pid in ((dead, ended.pid), (alive, sleeper.pid), (elsewhere, ended.pid)):
            session.execute(update(CrawlRunRow).where(CrawlRunRow.id == run_id).values(pid=pid))
        session.execute(update(CrawlRunRow).where(CrawlRunRow.id == elsewhere).values(hostname="far"))

    assert close_dead_runs(engine) == [dead]
    runs = {r.source: r for r in list_runs(engine)}
    assert (runs["dead"].finish_reason, runs["dead"].finished_at is not None) == ("killed", True)
    assert describe(runs["dead"]) == f"killed: process {ended.pid} ended without closing its run"
    assert (result(runs["alive"]), runs["alive"].finished_at) == ("running", None)
    # Another host's crawl cannot be checked from here: open, and shown as such.
    assert describe(runs["far"]) == f"unfinished: open on host far, pid {ended.pid}"
