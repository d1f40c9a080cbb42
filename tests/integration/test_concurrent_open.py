"""Several processes opening one new database at once: each gets a working schema, none fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newscrawl.store import list_articles, open_engine
from tests.cli import clean_env

OPEN = "import sys; from newscrawl.store import open_engine; open_engine(sys.argv[1]).dispose()"


@pytest.mark.parametrize("attempt", range(3))
def test_processes_opening_a_new_database_at_once_all_succeed(database_url: str, attempt: int) -> None:
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, database_url],
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )
        for _ in range(4)
    ]
    errors = [opener.communicate(timeout=120)[1] for opener in openers]
    assert [opener.returncode for opener in openers] == [0] * 4, "\n".join(errors)
    assert list_articles(open_engine(database_url, create=False), limit=None) == []
