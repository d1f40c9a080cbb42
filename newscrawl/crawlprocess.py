"""A source's crawl as a subprocess: starting it, and completing its run row with how it ended.

A Twisted reactor cannot be restarted, so each crawl gets a process of its own, as scrapyd does.
Each crawl writes everything to a log file of its own: a pipe that nobody reads while the crawl
runs fills up and blocks it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.crawllog import last_line
from newscrawl.exitcodes import FAILED, MEANINGS, OK, STOPPED
from newscrawl.runresult import describe, run_status
from newscrawl.sources import Source
from newscrawl.store import (
    DIED,
    KILLED,
    CrawlRun,
    add_died_run,
    record_exit,
    run_with_log,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class Crawl:
    """A crawl process we started, and the file its output goes to."""

    source: Source
    process: subprocess.Popen[bytes]
    log: Path
    started_at: datetime
    # Whether we sent it SIGTERM: dying of it is then a stop we asked for, not a failure.
    signalled: bool = False


def spawn_crawl(
    source: Source, sources_path: Path, db_url: str, log: Path, overrides: tuple[str, ...] = ()
) -> subprocess.Popen[bytes]:
    """`python -m newscrawl crawl --source NAME` in its own session, so that a terminal's Ctrl-C
    or a signal to our process group reaches only the scheduler, which stops each crawl cleanly.

    Scrapy's log goes to `log` (`--log-file`, which also records it on the run row), and so does
    everything else the process writes, such as a traceback before logging starts.
    """
    command = [
        sys.executable,
        "-m",
        "newscrawl",
        "crawl",
        "--source",
        source.name,
        "--sources",
        str(sources_path),
        "--db",
        db_url,
        "--log-file",
        str(log),
    ]
    for override in overrides:
        command += ["-s", override]
    # Appending, as Scrapy's own handler on the same file does: neither overwrites the other.
    with log.open("ab") as output:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


@dataclass
class Outcome:
    """How a crawl ended, with the run row that says so (one is written if the crawl could not)."""

    source: str
    run: CrawlRun

    @property
    def status(self) -> int:
        status = run_status(self.run)
        return FAILED if status is None else status

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def stopped(self) -> bool:
        return self.status == STOPPED

    @property
    def new_articles(self) -> int:
        return int(self.run.stats.get("newscrawl/stored", 0))

    def reason(self) -> str:
        return describe(self.run)


def finished_outcome(engine: Engine, crawl: Crawl) -> Outcome:
    """Read the ended crawl's run row and complete it with how its process ended."""
    code = crawl.process.returncode
    name = crawl.source.name
    # A status of our table; anything else (a negative code: killed by a signal) is a failure,
    # except our own SIGTERM, which can beat the crawl's handlers while it starts or exits.
    exit_status = code if code in MEANINGS else FAILED
    if code == -signal.SIGTERM and crawl.signalled:
        exit_status = STOPPED
    how = f"killed by {_signal_name(-code)}" if code < 0 else f"exit {code}"
    last = last_line(crawl.log) or "no output"
    run = run_with_log(engine, name, str(crawl.log))
    if run is None:
        stopped = exit_status == STOPPED
        run_id = add_died_run(
            engine,
            name,
            crawl.started_at,
            pid=crawl.process.pid,
            log_path=str(crawl.log),
            status=exit_status,
            reason="shutdown" if stopped else DIED,
            error=None if stopped else f"crawl died ({how}) before it started: {last}",
        )
    elif run.finished_at is None:
        run_id = run.id
        record_exit(
            engine,
            run_id,
            FAILED if code < 0 else max(exit_status, FAILED),
            reason=KILLED if code < 0 else DIED,
            error=f"crawl died ({how}): {last}",
        )
    else:
        run_id = run.id
        recorded = run_status(run) or OK
        if exit_status == STOPPED and code < 0:
            exit_status = recorded  # it had finished and closed its run: the stop came too late
        # A process that fails after its run was closed fails the run; its log says why.
        error = f"{how}: {last}" if exit_status > recorded else None
        record_exit(engine, run_id, max(exit_status, recorded), error=error)
    found = run_with_log(engine, name, str(crawl.log))
    assert found is not None and found.id == run_id
    return Outcome(name, found)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
