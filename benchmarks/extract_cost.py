"""What extraction costs: CPU ms per page of extract_article beside plain trafilatura.extract on
the same real pages (single process), and the peak RSS of a pool worker that extracted them.

The pages are the dataset pages of ../shared/datasets (read in place, never copied), articles
and the non-article pages wcxb-dev holds (home pages, listings), since a crawl meets both.
With --before CHECKOUT the same measures are taken of that checkout's code (another worktree,
e.g. main) in the same run, each in a fresh process, and printed side by side.

Usage: python benchmarks/extract_cost.py [--before /work/main] [--rounds 3] [--limit 150] [DATASET_DIR...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# As the `newscrawl` console script does: spawn runs the parent's main script again in each
# worker, so what it imports is what a crawl's workers may import.
import newscrawl.cli.main  # noqa: F401

_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
_DEFAULT = ("fundus-dev", "wcxb-dev", "trafilatura-eval")


def load_pages(folders: list[Path], limit: int) -> list[tuple[bytes, str]]:
    """(HTML bytes, URL) of the first `limit` pages of each folder."""
    pages = []
    for folder in folders:
        truth = json.loads((folder / "ground-truth.json").read_text())
        for page_id, entry in list(truth.items())[:limit]:
            url = entry.get("url")
            url = url if url not in (None, "None") else f"https://example.org/{page_id}"
            pages.append((gzip.decompress((folder / entry["file"]).read_bytes()), url))
    return pages


def _cpu_ms(work: Any, pages: list[tuple[bytes, str]]) -> float:
    start = time.process_time()
    for html, url in pages:
        work(html, url)
    return (time.process_time() - start) * 1000 / len(pages)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _through_pool(pages: list[tuple[bytes, str]]) -> float:
    """Peak RSS of one worker of newscrawl's own pool after it extracted every page."""
    from newscrawl.crawl.pool import ExtractionPool
    from newscrawl.extraction import ExtractionError
    from newscrawl.extraction.hints import Hints

    pool = ExtractionPool(1, 120)
    try:
        for html, url in pages:
            with contextlib.suppress(ExtractionError):
                await pool.extract(html, url, Hints(), "text/html")
        executor = pool._executor
        pids = list(getattr(executor, "_processes", {}))
        return max(_peak_rss_mb(pid) for pid in pids)
    finally:
        pool.close()


def measure(folders: list[Path], limit: int) -> dict[str, Any]:
    """Every figure, for the newscrawl code this interpreter imports."""
    import trafilatura

    import newscrawl
    from newscrawl.extraction import ExtractionError, extract_article

    pages = load_pages(folders, limit)
    refused = 0

    def ours(html: bytes, url: str) -> None:
        nonlocal refused
        try:
            extract_article(html, url, content_type="text/html")
        except ExtractionError:
            refused += 1

    def theirs(html: bytes, url: str) -> None:
        trafilatura.extract(html, url=url)

    # The first pages pay for imports, the language model and dateparser's data: not counted.
    _cpu_ms(ours, pages[:20])
    _cpu_ms(theirs, pages[:20])
    refused = 0
    # Alternating halves, so that neither one always runs on a warmer cache.
    half = len(pages) // 2
    ours_ms = (_cpu_ms(ours, pages[:half]) * half + _cpu_ms(ours, pages[half:]) * (len(pages) - half)) / len(
        pages
    )
    theirs_ms = _cpu_ms(theirs, pages)
    worker_mb = asyncio.run(_through_pool(pages))
    return {
        "code": str(Path(newscrawl.__file__).parents[1]),
        "pages": len(pages),
        "refused": refused,
        "extract_article ms": ours_ms,
        "trafilatura.extract ms": theirs_ms,
        "ratio": ours_ms / theirs_ms,
        "worker peak RSS MB": worker_mb,
    }


def _measure_in(checkout: Path | None, folders: list[Path], limit: int) -> dict[str, Any]:
    """measure() in a fresh interpreter, importing newscrawl from `checkout` if given."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [sys.executable, __file__, "--json", "--limit", str(limit), *map(str, folders)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"measuring {checkout or 'this checkout'} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.splitlines()[-1]))


def _median(measured: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        key: statistics.median(m[key] for m in measured) if isinstance(value, float) else value
        for key, value in measured[0].items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("datasets", nargs="*", type=Path)
    parser.add_argument("--limit", type=int, default=150, help="pages per dataset (default 150)")
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--rounds", type=int, default=1, help="measures per checkout, in turns")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folders = args.datasets or [_DATASETS / name for name in _DEFAULT]
    missing = [str(folder) for folder in folders if not (folder / "ground-truth.json").is_file()]
    if missing:
        sys.exit(f"not a dataset folder (no ground-truth.json): {', '.join(missing)}")
    if args.before is not None and not (args.before / "newscrawl" / "__init__.py").is_file():
        sys.exit(f"not a newscrawl checkout: {args.before}")
    if args.json:
        print(json.dumps(measure(folders, args.limit)))
        return
    checkouts: list[tuple[str, Path | None]] = [("before", args.before)] if args.before else []
    checkouts.append(("after" if args.before else "this", None))
    # Rounds taking turns, the median of each figure: the load of a shared machine changes.
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in checkouts}
    for _ in range(args.rounds):
        for name, checkout in checkouts:
            rounds[name].append(_measure_in(checkout, folders, args.limit))
    runs = [(name, _median(measured)) for name, measured in rounds.items()]
    print(f"{'':26}" + "".join(f"{name:>14}" for name, _ in runs))
    for key in runs[0][1]:
        if key == "code":
            continue
        cells = [run[key] for _, run in runs]
        print(f"{key:26}" + "".join(f"{c:14.2f}" if isinstance(c, float) else f"{c:>14}" for c in cells))
    for name, run in runs:
        print(f"{name}: {run['code']}")


if __name__ == "__main__":
    main()
