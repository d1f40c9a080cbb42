"""One real `newscrawl crawl` of hostile URLs: its output, run stats, stored headlines, time and
the peak memory of its process tree (the crawl and its extraction workers)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.store import list_articles, list_runs, open_engine
from tests.cli import clean_env

# Test-sized settings, where the defaults would make a case slow: a 30 s DOWNLOAD_TIMEOUT
# (three tries: 90 s) for the trickle and the stalled body, and a 60 s cap on Retry-After.
TEST_SETTINGS = (
    "-s", "DOWNLOAD_TIMEOUT=5",
    "-s", "NEWSCRAWL_RETRY_AFTER_MAX=10",
    "-s", "NEWSCRAWL_EXTRACT_WORKERS=2",
)  # fmt: skip
POLL = 0.05  # seconds between looks at the process tree's memory


@dataclass
class CrawlRun:
    returncode: int
    output: str
    seconds: float
    # Bytes: the largest sum, at one poll, of the tree's proportional set sizes (shared pages,
    # such as the libraries every worker maps, counted once in all), and the largest peak
    # resident set (VmHWM, kept by the kernel) of any one process of the tree.
    peak_pss: int
    peak_process: int
    stats: dict[str, Any]
    headlines: list[str]
    urls: list[str]


def crawl(urls: list[str], db: Path, *args: str, timeout: float = 240) -> CrawlRun:
    log = db.with_suffix(".log")
    command = [sys.executable, "-m", "newscrawl", "crawl", *urls, "--db", f"sqlite:///{db}", "-v"]
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, *TEST_SETTINGS, *args], stdout=out, stderr=subprocess.STDOUT, env=clean_env()
        )
        peak_pss, peak_process = 0, 0
        while process.poll() is None:
            if time.monotonic() - started > timeout:
                process.kill()
                process.wait()
                raise AssertionError(
                    f"the crawl hung: still running after {timeout:.0f} s\n{log.read_text()[-3000:]}"
                )
            tree = _tree(process.pid)
            peak_pss = max(peak_pss, sum(_kilobytes(f"/proc/{pid}/smaps_rollup", "Pss") for pid in tree))
            peak_process = max([peak_process, *(_kilobytes(f"/proc/{pid}/status", "VmHWM") for pid in tree)])
            time.sleep(POLL)
    seconds = time.monotonic() - started
    engine = open_engine(f"sqlite:///{db}")
    runs = list_runs(engine, 1)
    articles = list_articles(engine, limit=None)
    engine.dispose()
    return CrawlRun(
        process.returncode,
        log.read_text(),
        seconds,
        peak_pss,
        peak_process,
        dict(runs[0].stats or {}) if runs else {},
        [a.headline or "" for a in articles],
        [a.url for a in articles],
    )


def _tree(root: int) -> list[int]:
    """`root` and its descendants, through /proc/PID/task/TID/children."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        with contextlib.suppress(OSError):  # the process ended meanwhile
            for task in list(Path(f"/proc/{pid}/task").glob("*/children")):
                todo += [int(child) for child in task.read_text().split()]
    return found


def _kilobytes(path: str, field: str) -> int:
    """A kB field of a /proc file, in bytes; 0 for a process that is gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
