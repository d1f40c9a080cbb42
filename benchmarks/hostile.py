"""The hostile table: each case of tests/hostile crawled on its own by the real CLI, with its
outcome (the run's stats by reason, and the articles stored), whether that is the outcome the
tests expect, the crawl's wall time, the case's own time on the server, and peak memory.

Memory is the crawl's whole process tree (the crawl and its extraction workers): the largest
sum of their proportional set sizes at one poll (every 50 ms), and the largest peak resident
set of any one process. Settings are the tests' (tests/hostile/run.py: DOWNLOAD_TIMEOUT=5,
NEWSCRAWL_RETRY_AFTER_MAX=10, two extraction workers).

Usage: python benchmarks/hostile.py [CASE ...]
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the cases live in the tests package

from tests.hostile.case import Case  # noqa: E402
from tests.hostile.run import CrawlRun, crawl  # noqa: E402
from tests.hostile.site import all_cases, secret_file, serve, start_urls  # noqa: E402
from tests.hostile.test_hostile import MAX_MEMORY, OUTCOMES  # noqa: E402

MB = 1024 * 1024


def outcome(run: CrawlRun) -> tuple[dict[str, int], list[str]]:
    counted = {k.removeprefix("newscrawl/"): v for k, v in run.stats.items() if k.startswith(OUTCOMES)}
    if run.stats.get("robotstxt/forbidden"):
        counted["robotstxt/forbidden"] = run.stats["robotstxt/forbidden"]
    return counted, run.headlines


def as_expected(case: Case, run: CrawlRun, counted: dict[str, int]) -> bool:
    """The case's outcome as the tests expect it, with no traceback and under 500 MB."""
    clean = run.returncode == case.exit_alone and "Traceback" not in run.output and run.peak_pss < MAX_MEMORY
    if case.alone is not None:  # the 200,000-URL sitemap: --max-pages pages, in time
        return clean and run.stats.get("newscrawl/article_pages") == 20 and run.seconds < case.within
    wanted = Counter({k.removeprefix("newscrawl/"): v for k, v in case.stats.items()})
    return clean and counted == dict(wanted) and sorted(run.headlines) == sorted(case.stored)


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = [c for c in all_cases(secret_file(tmp)) if not c.name.startswith("good-")]
        cases = [c for c in cases if not names or c.name in names]
        header = f"{'case':<24} {'ok':<3} {'crawl s':>7} {'case s':>6} {'PSS MB':>6} {'max MB':>6}  outcome"
        print(header)
        print("-" * len(header))
        for number, case in enumerate(cases):
            with serve([case]) as server:
                urls = start_urls(server, [case])
                run = crawl(urls, tmp / f"{number}.db", *(case.alone or ()), timeout=300)
                hits = [h for h in server.hits if case.owns(h)]
            span = max((h.ended or 0) for h in hits) - min(h.started for h in hits) if hits else 0.0
            counted, stored = outcome(run)
            shown = ", ".join(f"{k}={v}" for k, v in sorted(counted.items()))
            if stored:
                shown = f"stored {len(stored)}" + (f"; {shown}" if shown else "")
            print(
                f"{case.name:<24} {'yes' if as_expected(case, run, counted) else 'NO':<3} {run.seconds:7.1f}"
                f" {span:6.1f} {run.peak_pss / MB:6.0f} {run.peak_process / MB:6.0f}  {shown or '-'}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
