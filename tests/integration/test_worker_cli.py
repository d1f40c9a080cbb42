"""`newscrawl enqueue`, `queue` and `worker` as a user types them, mistakes included."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl import exitcodes
from newscrawl.distributed.queue import SharedQueue
from tests.crawls import free_port
from tests.usage import assert_one_line, newscrawl

pytestmark = pytest.mark.redis


def test_enqueue_then_queue_shows_the_pending_start_urls(
    tmp_path: Path, redis_url: str, queue: SharedQueue
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "local"\nfeeds = ["http://127.0.0.1:1/feed.xml"]\n')
    target = ("--redis", redis_url, "--prefix", queue.prefix)
    result = newscrawl("enqueue", *target, "http://127.0.0.1:1/", "--sources", str(sources), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Queued 2 start URLs" in result.stdout
    shown = newscrawl("queue", *target, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "pending:    0 requests, 2 start URLs" in shown.stdout
    assert "in flight:  0" in shown.stdout and "workers:    0 alive" in shown.stdout
    cleared = newscrawl("queue", *target, "--clear", cwd=tmp_path)
    assert cleared.returncode == 0 and queue.counts().starts == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("enqueue", "--redis", "redis://queue.example.org/0", "http://a.example/"), "without a password"),
        (("worker", "--redis", "redis://10.1.2.3:6379/0", "--db", "x.db"), "without a password"),
        (("queue", "--redis", "http://127.0.0.1:6379"), "not a Redis URL"),
        (("queue",), "give --redis URL or set NEWSCRAWL_REDIS_URL"),
        (("enqueue", "--redis", "redis://127.0.0.1/15"), "give at least one URL"),
        (("enqueue", "--redis", "redis://127.0.0.1/15", "ftp://a.example/"), "not an http(s) URL"),
        (("enqueue", "--redis", "redis://127.0.0.1/15", "--sources", "missing.toml"), "cannot read"),
    ],
)
def test_mistakes_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    assert_one_line(newscrawl(*args, cwd=tmp_path), message)


@pytest.mark.parametrize(
    "command", [("queue",), ("enqueue", "http://a.example/"), ("worker", "--db", "x.db")]
)
def test_redis_down_is_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = newscrawl(
        command[0], "--redis", f"redis://127.0.0.1:{free_port()}/0", *command[1:], cwd=tmp_path
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == exitcodes.FAILED, result.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("newscrawl: cannot use Redis at"), lines
    assert not (tmp_path / "x.db").exists()  # nothing was started


def test_a_password_is_not_printed(tmp_path: Path) -> None:
    result = newscrawl("queue", "--redis", f"redis://:hunter2@127.0.0.1:{free_port()}/0", cwd=tmp_path)
    assert result.returncode == exitcodes.FAILED
    assert "hunter2" not in result.stderr and "***@127.0.0.1" in result.stderr


def test_a_worker_on_an_empty_queue_exits_0_when_asked_to_and_leaves_no_trace(
    tmp_path: Path, redis_url: str, queue: SharedQueue
) -> None:
    db = f"sqlite:///{tmp_path / 'news.db'}"
    target = ("--redis", redis_url, "--prefix", queue.prefix)
    result = newscrawl("worker", *target, "--db", db, "--until-idle", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "pages fetched:       0" in result.stdout
    counts = queue.counts()
    assert (counts.workers, counts.in_flight, counts.pending) == (0, 0, 0)
    assert queue.client.scard(queue.workers) == 0  # it left the worker set on its way out
