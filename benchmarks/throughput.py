"""Throughput: `newscrawl crawl` beside the naive spider and beside its own ceiling, in one run.

A site of N article URLs is served on 127.0.0.1, built from the real pages of
../shared/datasets (read where they lie; see throughput_site.py for how each URL gets text of
its own and a canonical pointing at itself), with one sitemap listing them. Each round runs,
in an order that rotates from round to round:

  a  `newscrawl crawl SITEMAP --db sqlite:///...`: the CLI's own entry point, with a listener
     counting SQL statements (throughput_counted.py);
  b  the naive spider: trafilatura.extract inline in parse(), one SQLAlchemy commit per item,
     same Scrapy settings as newscrawl (throughput_naive.py);
  c  the ceiling: extract_article over the same pages in a process pool of one worker per
     core, no crawling (throughput_ceiling.py).

Every figure is the median over the rounds; the ratios are medians of each round's ratio.
CPU is per page served, split into the crawl (or dispatching) process and its descendants
(extraction workers), read from /proc. Peak RSS of all processes adds the tree's RSS at each
poll, so pages the workers share with one another count once per worker. The time to the
first request runs from the start of the process to the server seeing its first request.
On a machine shared with other work, the scheduler gives a run with more processes more of
the cores, so wall-clock ratios lean towards newscrawl; the CPU-bound limit (see
_cpu_bound_rate) and its ratios read CPU time only, which other work does not inflate as much.

Usage: python benchmarks/throughput.py [--pages 2000] [--rounds 3] [--datasets DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from throughput_probe import Usage, run_measured
from throughput_site import ARTICLES, LocalSite, build_site

HERE = Path(__file__).resolve().parent
DEFAULT_DATASETS = HERE.parent.parent / "shared" / "datasets"
MODES = {"a": "newscrawl", "b": "naive", "c": "ceiling"}
MB = 1024 * 1024


@dataclass(frozen=True)
class Result:
    """One mode's run in one round."""

    usage: Usage
    pages: int  # article URLs on the site
    stored: int  # articles stored (a, b) or extracted as articles (c)
    first_request: float | None  # seconds from process start; None where nothing is fetched
    statements: dict[str, int] | None  # SQL statements by first word, for (a)


@dataclass(frozen=True)
class Bench:
    """Where one benchmark run keeps its site, databases and logs."""

    site: LocalSite
    folder: Path
    work: Path
    pages: int

    @property
    def sitemap(self) -> str:
        return f"{self.site.base}/sitemap.xml"


def _env() -> dict[str, str]:
    root = str(HERE.parent)
    path = os.environ.get("PYTHONPATH")
    return os.environ | {"PYTHONPATH": f"{root}{os.pathsep}{path}" if path else root}


def _run(bench: Bench, name: str, command: list[str]) -> Usage:
    log = bench.work / f"{name}.log"
    bench.site.reset()
    usage = run_measured(command, cwd=bench.work, log=log, env=_env())
    if usage.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"{name} exited with {usage.returncode}:\n{tail}")
    return usage


def _first_request(bench: Bench, usage: Usage) -> float | None:
    seen = bench.site.first_request
    return None if seen is None else seen - usage.started


def _count_rows(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        (rows,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(rows)


def run_newscrawl(bench: Bench, tag: str) -> Result:
    database = bench.work / f"newscrawl-{tag}.db"
    counts = bench.work / f"newscrawl-{tag}.sql.json"
    command = [sys.executable, str(HERE / "throughput_counted.py"), str(counts), "crawl", bench.sitemap]
    usage = _run(bench, f"newscrawl-{tag}", [*command, "--db", f"sqlite:///{database}"])
    statements: dict[str, int] = json.loads(counts.read_text(encoding="utf-8"))
    stored = _count_rows(database, "articles")
    return Result(usage, bench.pages, stored, _first_request(bench, usage), statements)


def run_naive(bench: Bench, tag: str) -> Result:
    database = bench.work / f"naive-{tag}.db"
    command = [sys.executable, str(HERE / "throughput_naive.py"), bench.sitemap, f"sqlite:///{database}"]
    usage = _run(bench, f"naive-{tag}", command)
    return Result(usage, bench.pages, _count_rows(database, "pages"), _first_request(bench, usage), None)


def run_ceiling(bench: Bench, tag: str) -> Result:
    prefix = f"{bench.site.base}/{ARTICLES}"
    command = [sys.executable, str(HERE / "throughput_ceiling.py"), str(bench.folder / ARTICLES), prefix]
    usage = _run(bench, f"ceiling-{tag}", command)
    output = (bench.work / f"ceiling-{tag}.log").read_text(encoding="utf-8").split()
    return Result(usage, bench.pages, int(output[output.index("articles") + 1]), None, None)


RUNNERS: dict[str, Callable[[Bench, str], Result]] = {"a": run_newscrawl, "b": run_naive, "c": run_ceiling}


def run_rounds(bench: Bench, rounds: int) -> dict[str, list[Result]]:
    """Each mode once per round, the order rotated so that none always runs first or last."""
    results: dict[str, list[Result]] = {mode: [] for mode in MODES}
    modes = list(MODES)
    for number in range(rounds):
        for mode in modes[number % 3 :] + modes[: number % 3]:
            result = RUNNERS[mode](bench, f"{number + 1}")
            results[mode].append(result)
            print(
                f"round {number + 1} {mode} {MODES[mode]:9} {result.usage.wall:7.1f} s "
                f"{result.pages / result.usage.wall:7.1f} pages/s  stored {result.stored}"
                f"  requests served {bench.site.requests}",
                flush=True,
            )
    return results


# --- the table ------------------------------------------------------------------------------


def _median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def _statements_per_article(result: Result) -> float | None:
    if result.statements is None or not result.stored:
        return None
    return sum(result.statements.values()) / result.stored


def _rate(result: Result) -> float:
    return result.pages / result.usage.wall


def _cpu_bound_rate(result: Result) -> float:
    """Pages/s if CPU were all that limited the run: the crawl process on one core at most,
    the whole tree on all cores. Other loads on the machine take cores from a run with few
    processes more than from one with many; this rate does not depend on them."""
    main = result.usage.cpu_main / result.pages
    total = main + result.usage.cpu_children / result.pages
    return min(1 / main if main else math.inf, (os.cpu_count() or 1) / total)


METRICS: list[tuple[str, str, Callable[[Result], float | None]]] = [
    ("pages/s", "{:.1f}", _rate),
    ("pages/s limit if CPU-bound", "{:.1f}", _cpu_bound_rate),
    ("wall seconds", "{:.1f}", lambda r: r.usage.wall),
    ("stored articles", "{:.0f}", lambda r: r.stored),
    ("CPU ms/page, crawl process", "{:.1f}", lambda r: 1000 * r.usage.cpu_main / r.pages),
    ("CPU ms/page, workers", "{:.1f}", lambda r: 1000 * r.usage.cpu_children / r.pages),
    ("CPU ms/page, all", "{:.1f}", lambda r: 1000 * (r.usage.cpu_main + r.usage.cpu_children) / r.pages),
    ("SQL statements/stored article", "{:.2f}", _statements_per_article),
    ("peak RSS MB, crawl process", "{:.0f}", lambda r: r.usage.peak_rss_main / MB),
    ("peak RSS MB, all processes", "{:.0f}", lambda r: r.usage.peak_rss_all / MB),
    ("time to first request s", "{:.2f}", lambda r: r.first_request),
]


def table(results: dict[str, list[Result]]) -> list[str]:
    """The figures, one row per metric, a column per mode: medians over the rounds."""
    lines = [f"{'':31}" + "".join(f"{f'{mode} {name}':>13}" for mode, name in MODES.items())]
    for label, form, metric in METRICS:
        cells = []
        for mode in MODES:
            value = _median([metric(result) for result in results[mode]])
            cells.append(f"{'-' if value is None else form.format(value):>13}")
        lines.append(f"{label:31}" + "".join(cells))
    return lines


def ratios(results: dict[str, list[Result]]) -> list[str]:
    """a/b and a/c of both rates, each the median of the rounds' own ratios (the pairs)."""
    lines = []
    for name, rate in (("pages/s", _rate), ("CPU-bound limit", _cpu_bound_rate)):
        for other in ("b", "c"):
            paired = [rate(a) / rate(b) for a, b in zip(results["a"], results[other], strict=True)]
            rounds = " ".join(f"{ratio:.2f}" for ratio in paired)
            label = f"a/{other} {name}"
            lines.append(f"{label:26} {statistics.median(paired):5.2f}   (rounds: {rounds})")
    return lines


def statement_kinds(results: dict[str, list[Result]]) -> str:
    last = results["a"][-1]
    kinds = sorted((last.statements or {}).items(), key=lambda kind: -kind[1])
    per = ", ".join(f"{name} {count / max(last.stored, 1):.2f}" for name, count in kinds)
    return f"SQL statements of (a) per stored article by kind, last round: {per}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="article URLs on the site")
    parser.add_argument("--rounds", type=int, default=3, help="paired rounds (median reported)")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help="folder of datasets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-throughput-") as tmp:
        folder, work = Path(tmp) / "site", Path(tmp) / "work"
        folder.mkdir()
        work.mkdir()
        with LocalSite(folder) as site:
            pages = len(build_site(args.datasets, folder, site.base, args.pages))
            print(f"{pages} article pages from {args.datasets}, {os.cpu_count()} cores", flush=True)
            results = run_rounds(Bench(site, folder, work, pages), args.rounds)
    print(f"\nmedian of {args.rounds} rounds, {pages} pages")
    print("\n".join([*table(results), "", *ratios(results), statement_kinds(results)]))


if __name__ == "__main__":
    main()
