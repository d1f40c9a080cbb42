"""What became of a crawl run: its exit status, a word for it and a line that says why.

`runs`, `sources`, `run` and `schedule` all describe a run this way, from its row alone.
"""

from __future__ import annotations

from typing import Any

from newscrawl.exitcodes import FAILED, OK, STOPPED, STORE_FAILED, UNREACHABLE, USAGE, crawl_status
from newscrawl.liveness import this_host
from newscrawl.store import DIED, KILLED, CrawlRun


def run_status(run: CrawlRun) -> int | None:
    """The run's exit status (exitcodes.py); None while it has not ended."""
    if run.exit_status is not None:
        return run.exit_status
    if run.finished_at is None:
        return None
    if run.finish_reason in (KILLED, DIED):
        return FAILED
    return crawl_status({**run.stats, "finish_reason": run.finish_reason})


def result(run: CrawlRun) -> str:
    """One word: finished (or the limit it stopped at), stopped, failed, killed, running, or
    unfinished (open on another host: from here nothing tells whether it still runs)."""
    status = run_status(run)
    if status is None:
        return "running" if run.hostname == this_host() else "unfinished"
    if run.finish_reason == KILLED:
        return KILLED
    if status == OK:
        return run.finish_reason or "finished"
    return "stopped" if status == STOPPED else "failed"


def reason(run: CrawlRun) -> str:
    """Why the run failed or was killed, in one line; '' for a run that did its job."""
    status = run_status(run)
    if status is None:
        return "" if run.hostname == this_host() else f"open on host {run.hostname}, pid {run.pid}"
    if status in (OK, STOPPED):
        return ""
    if run.error:
        return run.error
    stats = run.stats
    if status == STORE_FAILED:
        spilled = stats.get("newscrawl/spilled", 0)
        return f"store failed: {spilled} articles saved to a spill file"
    if status == UNREACHABLE:
        errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/errors/"))
        return f"no page could be fetched ({errors} errors)"
    if status == USAGE:
        return "usage error"
    return f"finish reason {run.finish_reason}"


def describe(run: CrawlRun) -> str:
    """The result, and why when it went wrong: 'failed: no page could be fetched (2 errors)'."""
    why = reason(run)
    return f"{result(run)}: {why}" if why else result(run)


def run_record(run: CrawlRun) -> dict[str, Any]:
    """The run as `runs` and the web API list it: what became of it and its main counts."""
    stats = run.stats
    return {
        "id": run.id,
        "source": run.source or ",".join(run.start_urls)[:60],
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "result": result(run),
        "reason": reason(run) or None,
        "finish_reason": run.finish_reason,
        "exit_status": run_status(run),
        "pages": stats.get("downloader/response_count", 0),
        "stored": stats.get("newscrawl/stored", 0),
        "duplicates": stats.get("newscrawl/duplicates", 0),
        "errors": sum(v for k, v in stats.items() if k.startswith("newscrawl/errors/")),
        "hostname": run.hostname,
        "pid": run.pid,
        "log_path": run.log_path,
    }
