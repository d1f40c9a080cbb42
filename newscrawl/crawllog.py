"""The log files of crawls that `run` and `schedule` start: one per crawl, named by source and
start time, read back for the reason a crawl died, and pruned per source."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Sortable and unique per source: two crawls of one source never start in the same microsecond.
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_STAMP_PATTERN = r"\d{8}T\d{6}\.\d{6}Z"
# Enough of a log's end to hold its last lines, however long the log.
_TAIL_BYTES = 16 * 1024


def file_stem(source: str) -> str:
    """The source's name as a file name; a name that had to change keeps a hash of the original,
    so that two sources never share (and prune) each other's logs."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", source).strip(".") or "source"
    if safe == source:
        return safe
    return f"{safe}-{hashlib.sha256(source.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class LogFolder:
    """Where crawl logs go and how many are kept (`keep` newest per source, none older than
    `max_age` seconds; 0 turns either limit off)."""

    path: Path
    keep: int
    max_age: float

    def new_log(self, source: str, started_at: datetime) -> Path:
        """A fresh, empty log file for a crawl of `source` starting now."""
        self.path.mkdir(parents=True, exist_ok=True)
        log = self.path / f"{file_stem(source)}-{started_at.strftime(_STAMP)}.log"
        log.touch(exist_ok=False)
        return log

    def logs_of(self, source: str) -> list[Path]:
        """The source's log files, oldest first."""
        pattern = re.compile(rf"^{re.escape(file_stem(source))}-{_STAMP_PATTERN}\.log$")
        if not self.path.is_dir():
            return []
        return sorted(p for p in self.path.iterdir() if pattern.match(p.name))

    def prune(self, source: str, now: float | None = None) -> list[Path]:
        """Delete the source's logs beyond the newest `keep` and older than `max_age`."""
        logs = self.logs_of(source)
        doomed = set(logs[: -self.keep]) if self.keep else set()
        if self.max_age:
            oldest = (now or time.time()) - self.max_age
            doomed |= {p for p in logs if p.stat().st_mtime < oldest}
        for log in doomed:
            log.unlink(missing_ok=True)
        return sorted(doomed)


def last_line(log: Path) -> str:
    """The last line the crawl wrote (a traceback's error, a one-line failure), or ''."""
    try:
        with log.open("rb") as file:
            file.seek(max(0, file.seek(0, 2) - _TAIL_BYTES))
            tail = file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    lines = [line.strip() for line in tail.replace("\r", "\n").splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""
