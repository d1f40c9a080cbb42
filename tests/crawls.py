"""For tests of `run` and `schedule`: sources files, sites that fail in useful ways, and the
cleanup of crawl processes that a failing test would leave running in their own sessions."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

from newscrawl.liveness import crawl_alive, this_host
from newscrawl.store import list_runs, open_engine
from tests.cli import start_newscrawl

# Scrapy drops URLs longer than 2083 characters; each link's log line is about this long.
_SLUG = "gone-" + "x" * 1750


def sources_file(path: Path, sources: dict[str, str]) -> Path:
    """A sources file of `name = "TOML body"` entries."""
    path.write_text("".join(f'[[source]]\nname = "{name}"\n{body}\n' for name, body in sources.items()))
    return path


def dead_link_site(root: Path, links: int) -> Path:
    """A site whose feed lists `links` long URLs that all answer 404: a crawl of it logs one
    long warning per link, megabytes in all, and is fast (nothing to extract)."""
    root.mkdir(parents=True, exist_ok=True)
    items = "".join(
        f"<item><title>Gone {n}</title><link>{{{{BASE}}}}/gone/{n}/{_SLUG}.html</link></item>"
        for n in range(links)
    )
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gone</title>{items}</channel></rss>'
    )
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return root


def free_port() -> int:
    """A port nothing listens on (until a test starts a server there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_in_own_group(*args: str) -> subprocess.Popen[str]:
    """`newscrawl ARGS` as the leader of a process group of its own."""
    return start_newscrawl(*args, own_group=True)


@contextlib.contextmanager
def cleaned_up(db: str, *processes: subprocess.Popen[str]) -> Iterator[None]:
    """On the way out, kill what is still running: the processes, and the crawls of this host
    that still hold a run open in `db` (in sessions of their own, no signal to us reaches them)."""
    try:
        yield
    finally:
        for process in processes:
            if process.poll() is None:
                # Its whole group only if it leads one: never the test run's own group.
                if os.getpgid(process.pid) == process.pid:
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
                process.communicate()
        engine = open_engine(db)
        for run in list_runs(engine, 1000):
            mine = run.finished_at is None and run.hostname == this_host() and run.pid
            if mine and run.pid and crawl_alive(run.pid, run.started_at):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.pid, signal.SIGKILL)
        engine.dispose()
