"""Running sources: one crawl subprocess per source, now (`run`) or whenever due (`schedule`).

The scheduler's state (next run, interval, failures in a row) lives in the database: a
restarted scheduler continues where the last one stopped. The crawl processes themselves
are crawlprocess.py's.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.crawllog import LogFolder
from newscrawl.crawlprocess import Crawl, Outcome, finished_outcome, spawn_crawl
from newscrawl.leasing import Leases
from newscrawl.sources import Source
from newscrawl.store import (
    SourceState,
    close_dead_runs,
    load_states,
    save_state,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


logger = logging.getLogger(__name__)

# A source that yields new articles is visited this much sooner; a quiet one, later.
SPEED_UP = 0.5
SLOW_DOWN = 1.5


def next_interval(source: Source, current: float, outcome: Outcome) -> float:
    """Adapt the interval within the source's bounds: new articles speed it up."""
    if not outcome.ok:
        return current
    factor = SPEED_UP if outcome.new_articles else SLOW_DOWN
    return min(max(current * factor, source.min_interval), source.max_interval)


def wait_seconds(source: Source, state: SourceState) -> float:
    """How long after its last run a source is due: its interval, doubled for each failure in a
    row up to max_interval."""
    interval = state.interval_seconds
    if not state.failures:
        return interval
    return min(interval * 2.0**state.failures, max(source.max_interval, interval))


def next_state(
    source: Source, state: SourceState, outcome: Outcome, now: datetime, *, stopping: bool
) -> SourceState:
    """The source's state after a crawl: success adapts the interval, failure backs off, and a
    crawl stopped by our own shutdown is due again as soon as we restart."""
    if outcome.stopped:
        wait = 0.0 if stopping else state.interval_seconds
        return SourceState(
            source.name, state.interval_seconds, now + timedelta(seconds=wait), outcome.run.id, state.failures
        )
    interval = next_interval(source, state.interval_seconds, outcome)
    failures = 0 if outcome.ok else state.failures + 1
    after = SourceState(source.name, interval, now, outcome.run.id, failures)
    after.next_run_at = now + timedelta(seconds=wait_seconds(source, after))
    return after


@dataclass
class Scheduler:
    """Starts crawls, at most `parallel` at a time, and records how each ended.

    SIGINT and SIGTERM stop it: no new crawl starts, each running crawl is sent SIGTERM (again
    on every further signal: a crawl stops faster on its second) and is waited for, so that
    it flushes what it extracted and its run is recorded.
    """

    engine: Engine
    sources: list[Source]
    sources_path: Path
    db_url: str
    logs: LogFolder
    parallel: int
    overrides: tuple[str, ...] = ()
    tick: float = 0.5
    running: dict[str, Crawl] = field(default_factory=dict)
    signals: list[int] = field(default_factory=list)
    _forwarded: int = 0
    leases: Leases = field(init=False)

    def __post_init__(self) -> None:
        self.leases = Leases(self.engine)

    @property
    def stopping(self) -> bool:
        return bool(self.signals)

    def states(self) -> dict[str, SourceState]:
        """Saved states; a source never run before is due at once."""
        known = load_states(self.engine)
        never = datetime.min.replace(tzinfo=UTC)
        return {
            source.name: known.get(source.name) or SourceState(source.name, source.interval, never, None)
            for source in self.sources
        }

    def run_once(self, report: Callable[[Outcome, SourceState], None]) -> list[Source]:
        """Crawl every source once; `report` hears of each as it ends. The sources that a stop
        kept from starting."""
        waiting = list(self.sources)
        with self._trapping_signals():
            close_dead_runs(self.engine)
            while self.running or (waiting and not self.stopping):
                self._forward_signals()
                while waiting and not self.stopping and len(self.running) < self.parallel:
                    self._start(waiting.pop(0))
                self.leases.renew(self.running)
                time.sleep(self.tick)
                for outcome, state in self._reap():
                    report(outcome, state)
        return waiting

    def run_forever(self, report: Callable[[Outcome, SourceState], None]) -> None:
        """Crawl each source whenever it is due, until a signal stops us."""
        by_name = {s.name: s for s in self.sources}
        with self._trapping_signals():
            close_dead_runs(self.engine)
            while self.running or not self.stopping:
                self._forward_signals()
                if not self.stopping:
                    for name in self._due()[: max(0, self.parallel - len(self.running))]:
                        self._start(by_name[name])
                self.leases.renew(self.running)
                time.sleep(self.tick)
                for outcome, state in self._reap():
                    report(outcome, state)

    def _due(self) -> list[str]:
        """The sources due now that are not running, longest overdue first."""
        now = datetime.now(UTC)
        due = [s for s in self.states().values() if s.next_run_at <= now and s.name not in self.running]
        return [s.name for s in sorted(due, key=lambda s: s.next_run_at)]

    @contextlib.contextmanager
    def _trapping_signals(self) -> Iterator[None]:
        # The handler only takes note: the loop forwards, between two of its own steps.
        previous = {s: signal.signal(s, self._note_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _note_signal(self, signum: int, _frame: object = None) -> None:
        self.signals.append(signum)

    def _forward_signals(self) -> None:
        while self._forwarded < len(self.signals):
            name = signal.Signals(self.signals[self._forwarded]).name
            self._forwarded += 1
            if self._forwarded == 1:
                logger.warning(
                    "Received %s: stopping; %d running crawls were sent SIGTERM and finish their "
                    "in-flight pages and flush",
                    name,
                    len(self.running),
                )
            else:
                logger.warning(
                    "Received %s again: %d running crawls were sent SIGTERM again, to stop faster",
                    name,
                    len(self.running),
                )
            for crawl in self.running.values():
                crawl.signalled = True
                # Not yet reaped, so the pid is still this crawl's, even if it just ended.
                with contextlib.suppress(ProcessLookupError):
                    os.kill(crawl.process.pid, signal.SIGTERM)

    def _start(self, source: Source) -> None:
        if not self.leases.take(source):
            return
        started_at = datetime.now(UTC)
        log = self.logs.new_log(source.name, started_at)
        logger.warning("Starting source %s (log: %s)", source.name, log)
        process = spawn_crawl(source, self.sources_path, self.db_url, log, self.overrides)
        self.running[source.name] = Crawl(source, process, log, started_at)

    def _reap(self) -> list[tuple[Outcome, SourceState]]:
        """Record the crawls that ended: their runs, their sources' next runs; prune old logs."""
        outcomes = []
        for name, crawl in list(self.running.items()):
            if crawl.process.poll() is None:
                continue
            del self.running[name]
            outcome = finished_outcome(self.engine, crawl)
            state = self.states()[name]
            after = next_state(crawl.source, state, outcome, datetime.now(UTC), stopping=self.stopping)
            save_state(self.engine, after)
            self.leases.release(name)
            self.logs.prune(name)
            outcomes.append((outcome, after))
        return outcomes
