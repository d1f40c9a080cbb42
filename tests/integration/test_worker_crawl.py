"""Workers over a local site, on the real Redis and PostgreSQL: every article stored once, even
when a worker is killed mid-crawl or stopped with SIGTERM."""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from newscrawl.distributed.queue import SharedQueue
from newscrawl.siteserver import SiteServer
from tests.cli import run_newscrawl
from tests.conftest import service_url
from tests.pgschema import scratch_schema
from tests.sitegen import build_site
from tests.workerruns import (
    ARTICLE_MARK,
    enqueue,
    finish,
    kill_group,
    start_worker,
    stored_paths,
    wait_until,
)

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def _articles(server: SiteServer) -> list[str]:
    return [path for path in server.paths_served if ARTICLE_MARK in path]


def test_three_workers_store_every_article_exactly_once(
    tmp_path: Path, redis_url: str, queue: SharedQueue, postgres_url: str
) -> None:
    expected = set(build_site(tmp_path / "site", 1000))
    with SiteServer(tmp_path / "site") as server:
        enqueue(redis_url, queue.prefix, server.url + "/sitemap.xml")
        workers = [start_worker(redis_url, queue.prefix, postgres_url, "--until-idle", "3") for _ in range(3)]
        outputs = [finish(worker, timeout=240) for worker in workers]
        served = _articles(server)
    assert [w.returncode for w in workers] == [0, 0, 0], outputs
    stored = stored_paths(postgres_url)
    assert sorted(stored) == sorted(expected)  # each once
    assert sorted(served) == sorted(expected)  # and fetched once: the workers shared the queue
    assert all("pages fetched:       0 " not in output for output in outputs), outputs
    counts = queue.counts()
    assert counts.idle and counts.workers == 0
    assert counts.done == 1001  # the sitemap and its articles


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, redis_url: str, queue: SharedQueue
) -> None:
    base = service_url("NEWSCRAWL_TEST_POSTGRES_URL")
    assert base is not None
    pages = 60
    expected = set(build_site(tmp_path / "site", pages))
    rng = random.Random()
    held_at_kill: list[int] = []
    for repetition in range(5):
        prefix = f"{queue.prefix}:rep{repetition}"  # under the fixture's prefix: cleared with it
        kill_after = rng.randrange(3, pages - 12)  # articles served before the kill
        with scratch_schema(base) as db, SiteServer(tmp_path / "site", delay=0.01) as server:
            enqueue(redis_url, prefix, server.url + "/sitemap.xml")
            steady = start_worker(redis_url, prefix, db, "--until-idle", "2")
            victim = start_worker(redis_url, prefix, db, "--until-idle", "2")
            try:
                wait_until(lambda: len(_articles(server)) >= kill_after, timeout=90)  # noqa: B023
                kill_group(victim)
                victim.communicate()
                held_at_kill.append(_held(SharedQueue(queue.client, prefix), victim.pid))
                restarted = start_worker(redis_url, prefix, db, "--until-idle", "2")
                outputs = [finish(steady, 120), finish(restarted, 120)]
            finally:
                for worker in (steady, victim):
                    kill_group(worker)
            stored = stored_paths(db)
            assert steady.returncode == 0 and restarted.returncode == 0, outputs
            lost, duplicated = expected - set(stored), len(stored) - len(set(stored))
            assert (len(lost), duplicated) == (0, 0), (repetition, kill_after, sorted(lost)[:5])
            assert SharedQueue(queue.client, prefix).counts().idle
        SharedQueue(queue.client, prefix).clear()
    assert sum(held_at_kill) > 0, held_at_kill  # the kills did take requests along


def _held(queue: SharedQueue, pid: int) -> int:
    """How many popped requests the worker of process `pid` held (its ids name the pid)."""
    ids = [raw.decode() for raw in queue.client.smembers(queue.workers)]
    return sum(int(queue.client.hlen(queue.processing(i))) for i in ids if f"-{pid}-" in i)


def test_sigterm_stops_a_worker_cleanly_and_another_finishes_its_work(
    tmp_path: Path, redis_url: str, queue: SharedQueue, postgres_url: str
) -> None:
    expected = set(build_site(tmp_path / "site", 50))
    # Articles stay in the write buffer until shutdown: what reaches the database then came
    # from the final flush, and was acknowledged only after it.
    hold = ("-s", "NEWSCRAWL_STORE_FLUSH_SECONDS=60", "-s", "NEWSCRAWL_STORE_BATCH_SIZE=1000")
    with SiteServer(tmp_path / "site", delay=0.1) as server:
        enqueue(redis_url, queue.prefix, server.url + "/sitemap.xml")
        worker = start_worker(redis_url, queue.prefix, postgres_url, *hold, "-s", "CONCURRENT_REQUESTS=4")
        wait_until(lambda: len(_articles(server)) >= 12, timeout=90)
        kill_group(worker, signal.SIGTERM)
        output = finish(worker, 60)
        served = set(_articles(server))
        assert worker.returncode == 130, output
        assert "Traceback" not in output
        stored = stored_paths(postgres_url)
        assert sorted(stored) == sorted(served)  # its in-flight pages were stored
        assert 0 < len(stored) < len(expected)
        counts = queue.counts()
        assert (counts.in_flight, counts.workers) == (0, 0)
        assert counts.pending == len(expected) - len(stored)  # the rest went back
        second = start_worker(redis_url, queue.prefix, postgres_url, "--until-idle", "2")
        finish(second, 120)
    assert sorted(stored_paths(postgres_url)) == sorted(expected)


def test_a_worker_reads_a_home_page_as_crawl_does(
    tmp_path: Path, site: SiteServer, redis_url: str, queue: SharedQueue
) -> None:
    """Discovery (feeds, sitemaps, usual locations, links) runs in the worker, with the same result."""
    crawled, worked = f"sqlite:///{tmp_path / 'crawl.db'}", f"sqlite:///{tmp_path / 'worker.db'}"
    result = run_newscrawl("crawl", site.url + "/", "--db", crawled)
    assert result.returncode == 0, result.stderr[-2000:]
    enqueue(redis_url, queue.prefix, site.url + "/")
    worker = start_worker(redis_url, queue.prefix, worked, "--until-idle", "2")
    output = finish(worker, 120)
    assert worker.returncode == 0, output
    # Which copy of a near-duplicate is kept depends on the order pages arrive in; the number not.
    assert len(stored_paths(worked)) == len(stored_paths(crawled)) >= 5
    assert queue.counts().idle


def test_a_home_page_without_listings_is_crawled_through_its_links(
    tmp_path: Path, redis_url: str, queue: SharedQueue
) -> None:
    """Its probes at the usual locations fail (404), then its links are followed; the probes
    hold the home page's entry meanwhile, and every entry is acknowledged in the end."""
    paths = build_site(tmp_path / "site", 12)
    (tmp_path / "site" / "sitemap.xml").unlink()
    links = "".join(f'<li><a href="{path}">Story {n}</a></li>' for n, path in enumerate(paths))
    (tmp_path / "site" / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>")
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(tmp_path / "site") as server:
        enqueue(redis_url, queue.prefix, server.url + "/")
        worker = start_worker(redis_url, queue.prefix, db, "--until-idle", "2")
        output = finish(worker, 120)
    assert worker.returncode == 0, output
    assert sorted(stored_paths(db)) == sorted(paths)
    counts = queue.counts()
    assert counts.idle and counts.done > len(paths)  # the home page, its probes, its articles
