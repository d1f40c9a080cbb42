"""Running sources: one crawl subprocess per source, now (`run`) or whenever due (`schedule`).

A Twisted reactor cannot be restarted, so each crawl gets a process of its own, as scrapyd does.
The scheduler's state (next run, current interval) lives in the database: a restarted
scheduler continues where the last one stopped.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.sources import Source
from newscrawl.store import CrawlRun, SourceState, latest_run, load_states, save_state

if TYPE_CHECKING:
    from sqlalchemy import Engine

logger = logging.getLogger(__name__)

# A source that yields new articles is visited this much sooner; a quiet one, later.
SPEED_UP = 0.5
SLOW_DOWN = 1.5


def spawn_crawl(
    source: Source, sources_path: Path, db_url: str, overrides: tuple[str, ...] = ()
) -> subprocess.Popen[str]:
    """`python -m newscrawl crawl --source NAME` in its own session, so that a terminal's Ctrl-C
    reaches only the scheduler, which then stops each crawl cleanly with SIGTERM."""
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
    ]
    for override in overrides:
        command += ["-s", override]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )


@dataclass
class Outcome:
    source: str
    exit_code: int
    run: CrawlRun | None
    output: str

    @property
    def reached_site(self) -> bool:
        """Whether any page answered at all: a source whose every URL fails has failed."""
        stats = self.run.stats if self.run else {}
        return any(stats.get(f"downloader/response_status_count/{code}") for code in (200, 304))

    @property
    def ok(self) -> bool:
        finished = self.run is not None and self.run.finish_reason == "finished"
        return self.exit_code == 0 and finished and self.reached_site

    @property
    def new_articles(self) -> int:
        return int(self.run.stats.get("newscrawl/stored", 0)) if self.run else 0

    def reason(self) -> str:
        if self.ok:
            return "finished"
        if self.run is None:
            last = self.output.strip().splitlines()[-1:] or ["no output"]
            return f"failed (exit {self.exit_code}): {last[0]}"
        if not self.reached_site:
            errors = sum(v for k, v in self.run.stats.items() if k.startswith("newscrawl/errors/"))
            return f"failed: no page could be fetched ({errors} errors)"
        return f"failed (exit {self.exit_code}): {self.run.finish_reason}"


def finished_outcome(
    engine: Engine, source: str, process: subprocess.Popen[str], started: datetime
) -> Outcome:
    output = process.stdout.read() if process.stdout else ""
    # Asked by source and start time: a busy scheduler may have started many runs since.
    return Outcome(source, process.returncode, latest_run(engine, source, started), output)


def next_interval(source: Source, current: float, outcome: Outcome) -> float:
    """Adapt the interval within the source's bounds: new articles speed it up."""
    if not outcome.ok:
        return current
    factor = SPEED_UP if outcome.new_articles else SLOW_DOWN
    return min(max(current * factor, source.min_interval), source.max_interval)


class Scheduler:
    """Starts each source's crawl when it is due, at most `parallel` at a time."""

    def __init__(
        self,
        engine: Engine,
        sources: list[Source],
        sources_path: Path,
        db_url: str,
        parallel: int,
        overrides: tuple[str, ...] = (),
    ) -> None:
        self.engine = engine
        self.sources = {s.name: s for s in sources}
        self.sources_path = sources_path
        self.db_url = db_url
        self.parallel = parallel
        self.overrides = overrides
        self.running: dict[str, tuple[subprocess.Popen[str], datetime]] = {}
        self.stopping = False

    def stop(self, signum: int, _frame: object = None) -> None:
        logger.warning(
            "Received %s: stopping; running crawls finish their in-flight pages", signal.Signals(signum).name
        )
        self.stopping = True

    def states(self) -> dict[str, SourceState]:
        """Saved states; a source never run before is due at once."""
        known = load_states(self.engine)
        never = datetime.min.replace(tzinfo=UTC)
        return {
            name: known.get(name) or SourceState(name, source.interval, never, None)
            for name, source in self.sources.items()
        }

    def run_forever(self, tick: float = 0.5) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        while not self.stopping:
            self._reap()
            self._start_due()
            time.sleep(tick)
        for process, _ in self.running.values():
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
        while self.running:
            self._reap(reschedule=False)
            time.sleep(tick)

    def _start_due(self) -> None:
        now = datetime.now(UTC)
        due = sorted(
            (s for s in self.states().values() if s.next_run_at <= now and s.name not in self.running),
            key=lambda s: s.next_run_at,
        )
        for state in due[: max(0, self.parallel - len(self.running))]:
            logger.warning("Starting source %s", state.name)
            process = spawn_crawl(self.sources[state.name], self.sources_path, self.db_url, self.overrides)
            self.running[state.name] = (process, now)

    def _reap(self, *, reschedule: bool = True) -> None:
        for name, (process, started) in list(self.running.items()):
            if process.poll() is None:
                continue
            del self.running[name]
            outcome = finished_outcome(self.engine, name, process, started)
            state = self.states()[name]
            interval = next_interval(self.sources[name], state.interval_seconds, outcome)
            # A crawl cut short by our own shutdown is due again as soon as we restart.
            wait = timedelta(seconds=interval if reschedule or outcome.ok else 0)
            run_id = outcome.run.id if outcome.run else state.last_run_id
            save_state(self.engine, SourceState(name, interval, datetime.now(UTC) + wait, run_id))
            logger.warning(
                "Source %s: %s, %d new articles; next run in %.0fs",
                name,
                outcome.reason(),
                outcome.new_articles,
                interval,
            )
