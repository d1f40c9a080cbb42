"""The real `newscrawl` command run in a folder of the test's own, and its one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newscrawl import exitcodes
from tests.cli import clean_env


def newscrawl(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, run in `cwd` so that nothing it might write lands in the project."""
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env or clean_env(),
    )


def assert_one_line(result: subprocess.CompletedProcess[str], message: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == exitcodes.USAGE, result.stderr[-2000:]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("newscrawl: ") and message in lines[0], lines[0]
    assert "Traceback" not in result.stderr
