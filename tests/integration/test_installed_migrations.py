"""The migrations ship in the wheel and run from an installed newscrawl, away from the source tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newscrawl.store.migrations.runner import head
from tests.cli import clean_env

ROOT = Path(__file__).resolve().parents[2]
# Run from the installed copy: the store is made by its migrations, and `db current` names
# the head revision its own copy of the migrations knows.
PROGRAM = """
import sys
import newscrawl
from newscrawl.store.db import store_revision, upgrade_store
assert newscrawl.__file__.startswith(sys.argv[1]), newscrawl.__file__
upgraded = upgrade_store("news.db")
print(upgraded.after, store_revision("news.db"))
"""


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_an_installed_newscrawl_creates_its_store_by_migrations(tmp_path: Path) -> None:
    wheels, target, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], cwd=tmp_path)
    [wheel] = wheels.glob("newscrawl-*.whl")
    _run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], cwd=tmp_path)
    env = {**clean_env(), "PYTHONPATH": str(target)}
    # The source tree is nowhere on the path: not the working folder, not pytest's pythonpath.
    env.pop("PYTHONSAFEPATH", None)
    out = _run([sys.executable, "-P", "-c", PROGRAM, str(target)], cwd=work, env=env)
    assert out.split() == [head(), head()]
    assert (work / "news.db").exists()
