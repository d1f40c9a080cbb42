"""benchmarks/throughput.py on a tiny site, one round: every mode runs to its end and the table
has every row and column. Timings are the benchmark's business, never asserted here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT.parent / "shared" / "datasets"
PAGES = 20
ROWS = [
    "pages/s",
    "pages/s limit if CPU-bound",
    "wall seconds",
    "stored articles",
    "CPU ms/page, crawl process",
    "CPU ms/page, workers",
    "CPU ms/page, all",
    "SQL statements/stored article",
    "peak RSS MB, crawl process",
    "peak RSS MB, all processes",
    "time to first request s",
]
NUMBER = r"(-|\d+(?:\.\d+)?)"


@pytest.fixture(scope="module")
def output() -> str:
    if not list(DATASETS.glob("*/ground-truth.json")):
        pytest.skip(f"no datasets under {DATASETS}")
    command = [sys.executable, "benchmarks/throughput.py", "--pages", str(PAGES), "--rounds", "1"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def row(output: str, label: str) -> list[str]:
    found = re.search(rf"^{re.escape(label)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$", output, re.MULTILINE)
    assert found, f"no row {label!r} in:\n{output}"
    return list(found.groups())


def test_every_row_has_a_column_per_mode(output: str) -> None:
    assert re.search(r"a newscrawl\s+b naive\s+c ceiling", output)
    for label in ROWS:
        row(output, label)


def test_each_mode_stored_or_extracted_articles_from_the_site(output: str) -> None:
    stored = [int(cell) for cell in row(output, "stored articles")]
    assert all(0 < count <= PAGES for count in stored), stored


def test_figures_that_only_some_modes_have(output: str) -> None:
    statements = row(output, "SQL statements/stored article")
    assert statements[0] != "-" and float(statements[0]) > 0
    assert statements[1:] == ["-", "-"]
    first_request = row(output, "time to first request s")
    assert "-" not in first_request[:2] and first_request[2] == "-"


def test_ratios_are_printed_with_their_rounds(output: str) -> None:
    for pair in ("a/b", "a/c"):
        for rate in ("pages/s", "CPU-bound limit"):
            line = rf"^{pair} {re.escape(rate)}\s+\d+\.\d+\s+\(rounds: \d+\.\d+\)$"
            assert re.search(line, output, re.MULTILINE), output
