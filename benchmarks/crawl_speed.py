"""Crawl throughput: `newscrawl crawl` next to a naive Scrapy spider, same pages, same machine.

The pages are real article pages from a dataset in ../shared/datasets (read where they lie,
unpacked to a temporary folder, never copied into the repository), served on 127.0.0.1 and
listed in one sitemap. Both crawlers run with the same Scrapy politeness and concurrency
settings; they differ only where the design differs:

- naive: trafilatura inline in parse(), one SQLite commit per item (the textbook spider);
- newscrawl: extraction in a process pool, batched writes in a writer thread, full pipeline.

Usage: python benchmarks/crawl_speed.py [--pages 300] [--rounds 2] [DATASET_DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawl.siteserver import SiteServer

HERE = Path(__file__).resolve().parent
DEFAULT_DATASET = HERE.parent.parent / "shared" / "datasets" / "wcxb-dev"


def build_site(dataset: Path, folder: Path, pages: int) -> int:
    truth = json.loads((dataset / "ground-truth.json").read_text())
    ids = [key for key, entry in truth.items() if entry.get("page_type", "article") == "article"][:pages]
    urls = []
    for key in ids:
        html = gzip.decompress((dataset / truth[key]["file"]).read_bytes())
        (folder / f"{key}.html").write_bytes(html)
        urls.append(f"<url><loc>{{{{BASE}}}}/{key}.html</loc></url>")
    sitemap = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    (folder / "sitemap.xml").write_text(sitemap + "".join(urls) + "</urlset>")
    (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return len(ids)


def timed(command: list[str]) -> float:
    """Wall-clock seconds of one crawl subprocess; exits with its log when it fails."""
    env = os.environ | {"PYTHONPATH": str(HERE.parent)}
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[:4]} failed:\n{result.stderr[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        site_dir.mkdir()
        pages = build_site(args.dataset, site_dir, args.pages)
        results: dict[str, list[float]] = {"naive spider": [], "newscrawl crawl": []}
        with SiteServer(site_dir) as server:
            sitemap = server.url + "/sitemap.xml"
            for round_ in range(args.rounds):
                for name in results:
                    db = Path(tmp) / f"{name.split()[0]}-{round_}.db"
                    if name == "naive spider":
                        command = [sys.executable, str(HERE / "naive_spider.py"), sitemap, str(db)]
                    else:
                        command = [sys.executable, "-m", "newscrawl", "crawl", sitemap, "--db", str(db)]
                    elapsed = timed(command)
                    results[name].append(pages / elapsed)
                    print(
                        f"round {round_ + 1} {name:16} {elapsed:6.1f} s  {pages / elapsed:5.1f} pages/s",
                        flush=True,
                    )
        print(
            f"\n{pages} article pages from {args.dataset.name}, {os.cpu_count()} cores, "
            f"median of {args.rounds} rounds"
        )
        base = statistics.median(results["naive spider"])
        for name, rates in results.items():
            rate = statistics.median(rates)
            print(f"{name:16} {rate:6.1f} pages/s   x{rate / base:4.2f}")


if __name__ == "__main__":
    main()
