"""Running the real `newscrawl` command in a subprocess, as a user would, for integration tests."""

from __future__ import annotations

import os
import subprocess
import sys

# A crawl slow enough to interrupt, holding every article in the write buffer until shutdown:
# whatever reaches the database then can only have come from the final flush.
HOLD_UNTIL_SHUTDOWN = (
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    "-s", "AUTOTHROTTLE_ENABLED=false",
    "-s", "NEWSCRAWL_STORE_FLUSH_SECONDS=60",
    "-s", "NEWSCRAWL_STORE_BATCH_SIZE=1000",
)  # fmt: skip


def clean_env() -> dict[str, str]:
    """The environment without NEWSCRAWL_* variables (tests say what they mean with flags) and
    without a terminal size: output goes to a pipe, and tables are as wide as they are on one
    whether pytest runs in a terminal or under pytest-xdist, which sets COLUMNS=80."""
    terminal = ("COLUMNS", "LINES")
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWL_") and k not in terminal}


def run_newscrawl(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=clean_env(),
    )


def start_newscrawl(*args: str, own_group: bool = False) -> subprocess.Popen[str]:
    """A running `newscrawl` process; stdout and stderr come back together. With `own_group`
    it leads a process group of its own, as systemd or `timeout` would start it, so that a
    test can signal the whole group."""
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=clean_env(),
        start_new_session=own_group,
    )
