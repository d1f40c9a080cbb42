"""benchmarks/fuzz.py at a small count, as CI can afford: every target reached, and no
unexpected exception from extraction or search (the targets whose fixes live on this branch)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT = 500
ROW = re.compile(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+\d+$", re.MULTILINE)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, int, int, int]]:
    saved = tmp_path_factory.mktemp("fuzz")
    command = [
        sys.executable,
        "benchmarks/fuzz.py",
        "--count",
        str(COUNT),
        "--seed",
        "3",
        "--save-dir",
        str(saved),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "total inputs" in result.stdout, result.stdout + result.stderr
    return {name: (int(a), int(b), int(c), int(d)) for name, a, b, c, d in ROW.findall(result.stdout)}


def test_every_target_gets_its_inputs_and_each_is_counted_once(
    table: dict[str, tuple[int, int, int, int]],
) -> None:
    assert set(table) == {"extract", "url", "detect_kind", "feed", "sitemap", "search"}
    assert sum(inputs for inputs, *_ in table.values()) >= COUNT
    for inputs, ok, named, unexpected in table.values():
        assert inputs > 0 and ok + named + unexpected == inputs


@pytest.mark.parametrize("target", ["extract", "search"])
def test_no_unexpected_exception(table: dict[str, tuple[int, int, int, int]], target: str) -> None:
    assert table[target][3] == 0


def test_no_unexpected_exception_from_urls_and_listings(table: dict[str, tuple[int, int, int, int]]) -> None:
    assert all(table[target][3] == 0 for target in ("url", "detect_kind", "feed", "sitemap"))
