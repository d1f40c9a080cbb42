"""The extraction pool is contained: its workers die with the crawl, a crashed worker costs no
page, and workers that cannot start end the crawl with one line and a failing status."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.crawl.pool import ExtractionPool
from newscrawl.exitcodes import FAILED, OK
from newscrawl.siteserver import SiteServer
from tests.cli import clean_env
from tests.sitegen import build_site
from tests.stopruns import served_articles, start_crawl, stored_paths


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    build_site(root, 40)
    return root


def workers_of(pid: int) -> list[int]:
    """The crawl's extraction workers: its children that run multiprocessing's spawn_main."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def wait_for_workers(crawl: subprocess.Popen[str], server: SiteServer) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = workers_of(crawl.pid) if len(served_articles(server)) >= 3 else []
        if workers:
            return workers
        time.sleep(0.1)
    raise AssertionError("the crawl started no extraction workers")


def gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


def test_workers_die_with_a_crawl_killed_alone(site: Path, tmp_path: Path) -> None:
    with SiteServer(site, delay=0.2) as server:
        crawl = start_crawl(server.url + "/sitemap.xml", tmp_path / "news.db")
        workers = wait_for_workers(crawl, server)
        os.kill(crawl.pid, signal.SIGKILL)  # the crawl alone, not its group
        crawl.communicate(timeout=30)
    assert gone(workers), f"workers {workers} outlived their crawl"


def test_a_crashed_worker_costs_no_page(site: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with SiteServer(site, delay=0.1) as server:
        crawl = start_crawl(server.url + "/sitemap.xml", db)
        os.kill(wait_for_workers(crawl, server)[0], signal.SIGKILL)
        output, _ = crawl.communicate(timeout=120)
        served = set(served_articles(server))
    assert crawl.returncode == OK, output[-3000:]
    assert "Traceback" not in output
    assert set(stored_paths(db)) == served and len(served) == 40


def test_a_submit_into_a_pool_that_is_breaking_goes_to_a_fresh_pool() -> None:
    """A worker's death reaches the executor through its own thread; in between, a submit that
    spawns a replacement finds the pool's pipes closed (OSError). That was a traceback and a
    lost page in CI; it must count as a broken pool, whose work is retried on a fresh one."""

    async def scenario() -> int:
        pool = ExtractionPool(workers=2, timeout=120)
        busy = asyncio.ensure_future(pool.run("busy", time.sleep, 3))
        await asyncio.sleep(0)  # the busy task submits: one worker spawned, none idle
        executor = pool._executor
        assert executor is not None
        executor._call_queue._reader.close()  # type: ignore[attr-defined] # the state of a breaking pool
        try:
            return await pool.run("after", len, b"abc")
        finally:
            busy.cancel()
            pool.close()

    assert asyncio.run(scenario()) == 3


def test_workers_that_cannot_start_end_the_crawl_in_one_line(site: Path, tmp_path: Path) -> None:
    # A sitecustomize that ends every spawned worker at once, before it can take a page.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import os, sys\nif '--multiprocessing-fork' in sys.argv:\n    os._exit(1)\n"
    )
    with SiteServer(site) as server:
        result = subprocess.run(
            [sys.executable, "-m", "newscrawl", "crawl", server.url + "/sitemap.xml",
             "--db", str(tmp_path / "news.db")],
            capture_output=True, text=True, timeout=120, env={**clean_env(), "PYTHONPATH": str(shim)},
        )  # fmt: skip
    assert result.returncode == FAILED, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("Extraction workers cannot start") == 1
    assert stored_paths(tmp_path / "news.db") == []
