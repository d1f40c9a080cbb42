"""The three layers of DESIGN.md stay apart: import-linter's contracts in pyproject.toml."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layer_contracts_hold() -> None:
    command = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def test_the_crawl_process_does_not_load_the_extractor() -> None:
    # Only extraction workers need trafilatura, the language model and numpy: loading them in
    # the crawl process cost it a third of a second before its first request, and memory.
    probe = "import json, sys, spiders.news, newscrawl.cli.main; print(json.dumps([*sys.modules]))"
    command = [sys.executable, "-c", probe]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = {name.split(".")[0] for name in json.loads(result.stdout)}
    assert loaded.isdisjoint({"trafilatura", "htmldate", "justext", "py3langid", "numpy"})
