"""The README's table of exit statuses is exitcodes.MEANINGS, word for word."""

from __future__ import annotations

import re
from pathlib import Path

from newscrawl.exitcodes import MEANINGS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_exit_status() -> None:
    rows = re.findall(r"^\| `(\d+)` \| (.+?) \|$", README.read_text(), flags=re.MULTILINE)
    assert {int(status): meaning for status, meaning in rows} == MEANINGS
