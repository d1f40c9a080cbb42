"""Crawl log files: one name per source and start, pruned per source, read back from the end."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscrawl.crawllog import LogFolder, file_stem, last_line

START = datetime(2024, 4, 1, 10, 0, tzinfo=UTC)


def logs_made(folder: LogFolder, source: str, count: int) -> list[Path]:
    return [folder.new_log(source, START + timedelta(minutes=n)) for n in range(count)]


def test_names_keep_sources_apart() -> None:
    assert file_stem("local") == "local"
    # Changed names keep a hash of the original, so "a b" and "a_b" never share files.
    assert file_stem("a b").startswith("a_b-") and file_stem("a b") != file_stem("a_b")
    assert "/" not in file_stem("../etc/passwd")


def test_newest_logs_per_source_are_kept(tmp_path: Path) -> None:
    folder = LogFolder(tmp_path / "logs", keep=3, max_age=0)
    mine = logs_made(folder, "a", 5)
    # "a-b" starts like "a-": its logs are another source's and stay.
    theirs = logs_made(folder, "a-b", 5)
    assert folder.prune("a") == mine[:2]
    assert folder.logs_of("a") == mine[2:]
    assert folder.logs_of("a-b") == theirs


def test_logs_older_than_max_age_go(tmp_path: Path) -> None:
    folder = LogFolder(tmp_path / "logs", keep=0, max_age=86400)
    old, new = logs_made(folder, "a", 2)
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    assert folder.prune("a") == [old]
    assert folder.logs_of("a") == [new]


def test_last_line_of_a_long_log(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    log.write_text("noise\n" * 100_000 + "Traceback (most recent call last):\nValueError: broken\n\n")
    assert last_line(log) == "ValueError: broken"
    assert last_line(tmp_path / "missing.log") == ""
