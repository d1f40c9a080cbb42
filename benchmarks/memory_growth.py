"""Memory as a crawl grows: peak RSS of `newscrawl crawl` over 2,000 pages and over 20,000.

The site is throughput.py's (real dataset pages, each made unique, served on 127.0.0.1); one
sitemap lists the first SMALL pages, another all LARGE. Each crawl runs into a fresh SQLite
store, and its process tree is polled for RSS (throughput_probe.py). A crawl whose memory
holds per-page state grows with the pages; one that does not stays within a few percent.

Usage: python benchmarks/memory_growth.py [--small 2000] [--large 20000] [--datasets DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from throughput import DEFAULT_DATASETS, MB, _count_rows, _env
from throughput_probe import run_measured
from throughput_site import LocalSite, build_site


def _sitemap(folder: Path, name: str, urls: list[str]) -> None:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    (folder / name).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n',
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-memory-") as tmp:
        folder, work = Path(tmp) / "site", Path(tmp) / "work"
        folder.mkdir()
        work.mkdir()
        with LocalSite(folder) as site:
            urls = build_site(args.datasets, folder, site.base, args.large)
            peaks = {}
            for count in (args.small, len(urls)):
                _sitemap(folder, f"sitemap-{count}.xml", urls[:count])
                database = work / f"{count}.db"
                sitemap = f"{site.base}/sitemap-{count}.xml"
                command = [
                    sys.executable,
                    "-m",
                    "newscrawl",
                    "crawl",
                    sitemap,
                    "--db",
                    f"sqlite:///{database}",
                ]
                usage = run_measured(command, cwd=work, log=work / f"{count}.log", env=_env())
                if usage.returncode != 0:
                    raise SystemExit(f"the crawl of {count} pages exited with {usage.returncode}")
                peaks[count] = usage.peak_rss_all
                print(
                    f"{count:>6} pages: stored {_count_rows(database, 'articles'):>6} in {usage.wall:6.1f} s;"
                    f" peak RSS crawl process {usage.peak_rss_main / MB:5.0f} MB,"
                    f" all processes {usage.peak_rss_all / MB:5.0f} MB",
                    flush=True,
                )
    growth = peaks[len(urls)] / peaks[args.small] - 1
    print(f"growth of peak RSS, all processes, {args.small:,} -> {len(urls):,} pages: {growth:+.1%}")


if __name__ == "__main__":
    main()
