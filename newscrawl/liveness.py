"""Whether the process that opened a crawl run on this host is still that crawl, or is gone.

A run row records its host name and pid. A pid alone proves little: the crawl may have died and
its pid been given to another process since. On Linux, /proc tells the process's command line
and start time apart; elsewhere a live pid is all there is to go on.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from pathlib import Path

# /proc's boot time is whole seconds and drifts with clock adjustments: a process counts as
# started after a run only when it started this much later.
_CLOCK_SLACK = 2.0
# Words in the command line of every process that records runs: `python -m newscrawl`, the
# `newscrawl` script, `scrapy crawl`, scrapyd's runner.
_CRAWL_WORDS = (b"newscrawl", b"scrapy")


def this_host() -> str:
    return socket.gethostname()


def crawl_alive(pid: int, started_at: datetime) -> bool:
    """Whether `pid` on this host is still the crawl that opened a run at `started_at`."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists, and /proc may still say what it is
    proc = Path(f"/proc/{pid}")
    if not proc.is_dir():
        return True
    try:
        command = (proc / "cmdline").read_bytes()
        stat = (proc / "stat").read_text()
    except OSError:
        return False  # it ended while we looked
    # After the command name, in parentheses that may hold anything: state, ..., start time.
    fields = stat.rpartition(")")[2].split()
    if fields[0] in ("Z", "X"):
        return False  # exited; its parent has not collected it yet
    # An empty command line is a process in the middle of exec: its start time still tells.
    if command and not any(word in command for word in _CRAWL_WORDS):
        return False
    started = _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    # The crawl opens its run after it started; a process younger than the run has its pid now.
    return started <= started_at.timestamp() + _CLOCK_SLACK


def _boot_time() -> float:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    return 0.0
