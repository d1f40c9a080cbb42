"""Measures one command's process tree through /proc: wall time, own and descendants' CPU, peak RSS.

Linux only: CPU comes from the exited process's stat (its own, and its reaped descendants'),
memory from polling the status of every process in the tree.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Usage:
    """What one run of a command cost."""

    started: float  # time.monotonic() just before the process was started
    wall: float  # seconds from start to exit
    cpu_main: float  # CPU seconds (user + system) of the process itself
    cpu_children: float  # CPU seconds of all its descendants (extraction workers)
    peak_rss_main: int  # bytes: the process's own high-water mark
    peak_rss_all: int  # bytes: the largest sum of RSS over the tree seen at one poll
    returncode: int


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/PID/stat from the state on (field 3), the command name skipped."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0  # a zombie has no memory lines


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                parent = int(_stat_fields(int(entry.name))[1])
            except (OSError, ValueError, IndexError):
                continue  # gone while we looked
            parents.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    frontier = [root]
    while frontier:
        children = parents.get(frontier.pop(), [])
        found.extend(children)
        frontier.extend(children)
    return found


class _Poller(threading.Thread):
    """Samples the tree's memory and its descendants' CPU until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss_main = 0
        self.peak_rss_all = 0
        # Last CPU seen per descendant: the fallback for one its parent never reaped.
        self.children_cpu: dict[int, float] = {}
        self._finished = threading.Event()

    def run(self) -> None:
        while not self._finished.wait(_POLL_SECONDS):
            self.sample()

    def sample(self) -> None:
        total = 0
        try:
            self.peak_rss_main = max(self.peak_rss_main, _status_kb(self.pid, "VmHWM") * 1024)
            total += _status_kb(self.pid, "VmRSS") * 1024
        except OSError:
            return
        for child in _descendants(self.pid):
            try:
                total += _status_kb(child, "VmRSS") * 1024
                fields = _stat_fields(child)
                self.children_cpu[child] = (int(fields[11]) + int(fields[12])) / _TICK
            except (OSError, ValueError, IndexError):
                continue
        self.peak_rss_all = max(self.peak_rss_all, total)

    def stop(self) -> None:
        self._finished.set()
        self.join()


def run_measured(command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Usage:
    """Runs `command` to its end, its output to `log`, and returns what it cost."""
    with log.open("wb") as output:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env)
        poller = _Poller(process.pid)
        poller.start()
        # Wait for the exit without reaping: the zombie's stat still holds its own CPU time and
        # that of the children it reaped (utime, stime, cutime, cstime: fields 14 to 17).
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        wall = time.monotonic() - started
        poller.stop()
        fields = _stat_fields(process.pid)
        returncode = process.wait()
    reaped = (int(fields[13]) + int(fields[14])) / _TICK
    return Usage(
        started=started,
        wall=wall,
        cpu_main=(int(fields[11]) + int(fields[12])) / _TICK,
        cpu_children=max(reaped, sum(poller.children_cpu.values())),
        peak_rss_main=poller.peak_rss_main,
        # The process's own high-water mark is a floor for the tree's, which polls may miss.
        peak_rss_all=max(poller.peak_rss_all, poller.peak_rss_main),
        returncode=returncode,
    )
