"""Workers as a user runs them: `newscrawl worker` processes over one Redis prefix and one database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit

import redis
from sqlalchemy import create_engine, text

from newscrawl.distributed.queue import SharedQueue
from newscrawl.distributed.redisurl import check_redis_url
from tests.cli import clean_env

ARTICLE_MARK = "generated-story-number-"
# Fast enough for a test: a dead worker's requests are requeued within seconds, each worker
# extracts in one process (three workers share two cores), and batches are small, so that a
# kill lands between and inside transactions.
WORKER_SETTINGS = (
    "-s", "NEWSCRAWL_WORKER_TTL=2",
    "-s", "NEWSCRAWL_EXTRACT_WORKERS=1",
    "-s", "AUTOTHROTTLE_ENABLED=false",
    "-s", "NEWSCRAWL_STORE_BATCH_SIZE=5",
    "-s", "NEWSCRAWL_STORE_FLUSH_SECONDS=0.5",
)  # fmt: skip


def start_worker(redis_url: str, prefix: str, db: str, *args: str) -> subprocess.Popen[str]:
    """A worker leading a process group of its own (its extraction processes in it), as a
    machine or a service manager runs it: a test can kill the whole worker."""
    command = ["worker", "--redis", redis_url, "--prefix", prefix, "--db", db, *WORKER_SETTINGS, *args]
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=clean_env(),
        start_new_session=True,
    )


def enqueue(redis_url: str, prefix: str, *urls: str) -> None:
    """Start URLs queued as `newscrawl enqueue` queues them (tested on its own), without the
    seconds a subprocess takes to import Scrapy."""
    client = redis.Redis.from_url(check_redis_url(redis_url))
    try:
        SharedQueue(client, prefix).add_starts(list(urls))
    finally:
        client.close()


def kill_group(process: subprocess.Popen[str], signum: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signum)


def finish(process: subprocess.Popen[str], timeout: float) -> str:
    """The worker's output once it exited; killed (and the test failed) if it runs too long."""
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        output, _ = process.communicate()
        raise AssertionError(f"worker still running after {timeout}s:\n{output[-3000:]}") from None
    return output


def wait_until(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def stored_paths(db: str) -> list[str]:
    """The paths of every stored article row, repeated if a row is."""
    engine = create_engine(db.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT url FROM articles")).all()
    finally:
        engine.dispose()
    return [urlsplit(url).path for (url,) in rows]
