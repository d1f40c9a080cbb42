"""`newscrawl db upgrade|current|history` through the real CLI, and its one-line mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newscrawl.store.migrations.runner import head
from tests.usage import assert_one_line, newscrawl

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "stores" / "prealembic.sqlite"


def _ok(*args: str, cwd: Path) -> str:
    result = newscrawl(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_upgrade_then_current_on_a_store_made_before_the_migrations(tmp_path: Path) -> None:
    shutil.copyfile(FIXTURE, tmp_path / "old.db")
    assert _ok("db", "current", "--db", "old.db", cwd=tmp_path).startswith("none (made before migrations")
    assert (
        _ok("db", "upgrade", "--db", "old.db", cwd=tmp_path)
        == f"upgraded from no revision to {head()} (head)\n"
    )
    assert _ok("db", "current", "--db", "old.db", cwd=tmp_path) == f"{head()} (head)\n"
    assert _ok("db", "upgrade", "--db", "old.db", cwd=tmp_path) == f"already at revision {head()} (head)\n"
    assert "floods-close-bridge" in _ok("articles", "search", "bridge", "--db", "old.db", cwd=tmp_path)


def test_upgrade_creates_a_new_postgresql_store(postgres_url: str, tmp_path: Path) -> None:
    assert (
        _ok("db", "upgrade", "--db", postgres_url, cwd=tmp_path)
        == f"created the schema at revision {head()} (head)\n"
    )
    assert _ok("db", "current", "--db", postgres_url, cwd=tmp_path) == f"{head()} (head)\n"


def test_history_lists_the_revisions() -> None:
    lines = _ok("db", "history", cwd=Path.cwd()).splitlines()
    assert lines[-1].startswith("<base> -> 0001: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["db", "current", "--db", "missing.db"], "no database at"),
        (["db", "current", "--db", "foo://x"], "unsupported database"),
        (["db", "upgrade", "--db", "mysql://u@127.0.0.1/news"], "unsupported database"),
        (["db", "upgrade", "--db", "nofolder/news.db"], "does not exist"),
        (["db", "current", "--db", "postgresql://postgres@127.0.0.1:9/news"], "cannot open database"),
        (["db", "upgrade", "--db", "postgresql://postgres@127.0.0.1:9/news"], "cannot open database"),
        (["db", "current", "--db", "not-ours.db"], "no newscrawl database"),
    ],
)
def test_mistakes_are_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "not-ours.db").write_bytes(b"")
    assert_one_line(newscrawl(*args, cwd=tmp_path), message)
    assert not (tmp_path / "missing.db").exists()
