"""A source's next run: success adapts its interval, failures in a row double the wait up to
max_interval, and a stop we asked for is due again at once without counting as a failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newscrawl.crawlprocess import Outcome
from newscrawl.scheduler import next_state, wait_seconds
from newscrawl.sources import Source
from newscrawl.store import CrawlRun, SourceState

NOW = datetime(2024, 4, 1, 10, 0, tzinfo=UTC)
SOURCE = Source("local", feeds=["http://127.0.0.1/feed.xml"], interval=60, min_interval=15, max_interval=300)
REACHED = {"downloader/response_status_count/200": 1}


def outcome(finish_reason: str, **stats: Any) -> Outcome:
    run = CrawlRun(1, "news", "local", [], NOW, NOW, finish_reason, {**REACHED, **stats})
    return Outcome("local", run)


FAILED = Outcome("local", CrawlRun(1, "news", "local", [], NOW, NOW, "finished", {}))  # no page answered
NEW = outcome("finished", **{"newscrawl/stored": 3})
QUIET = outcome("finished")
STOPPED = outcome("shutdown")


def after(*outcomes: Outcome, stopping: bool = False) -> SourceState:
    state = SourceState("local", SOURCE.interval, NOW, None)
    for each in outcomes:
        state = next_state(SOURCE, state, each, NOW, stopping=stopping)
    return state


def waits(state: SourceState) -> float:
    assert (state.next_run_at - NOW).total_seconds() == wait_seconds(SOURCE, state)
    return wait_seconds(SOURCE, state)


def test_success_adapts_the_interval() -> None:
    assert (after(NEW).interval_seconds, after(QUIET).interval_seconds) == (30, 90)
    assert after(*[NEW] * 5).interval_seconds == SOURCE.min_interval
    assert after(*[QUIET] * 9).interval_seconds == SOURCE.max_interval


def test_failures_in_a_row_double_the_wait_up_to_max_interval() -> None:
    assert [waits(after(*[FAILED] * n)) for n in range(1, 5)] == [120, 240, 300, 300]
    assert after(*[FAILED] * 4).failures == 4
    assert after(*[FAILED] * 4).interval_seconds == SOURCE.interval  # kept for the recovery


def test_a_success_ends_the_back_off() -> None:
    recovered = after(FAILED, FAILED, FAILED, NEW)
    assert (recovered.failures, waits(recovered)) == (0, 30)


def test_a_stop_we_asked_for_is_no_failure() -> None:
    stopped = after(FAILED, STOPPED, stopping=True)
    assert (stopped.failures, stopped.next_run_at) == (1, NOW)  # due at once, back-off as it was
    assert after(STOPPED, stopping=True).interval_seconds == SOURCE.interval
