"""newscrawl's ceiling for the throughput benchmark: extract_article over the site's pages in a
process pool of one worker per core, no crawling, nothing stored. Prints how many pages were
articles.

Workers read the pages from the site's folder themselves, so the dispatching process holds no
page. The pool starts its workers the way newscrawl's does (spawn).

Usage: python benchmarks/throughput_ceiling.py PAGES_FOLDER URL_PREFIX
(a page PAGES_FOLDER/NAME was served at URL_PREFIX/NAME)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from newscrawl.extraction import ExtractionError, extract_article


def is_article(job: tuple[Path, str]) -> bool:
    path, url = job
    try:
        extract_article(path.read_bytes(), url, content_type="text/html")
    except ExtractionError:
        return False
    return True


def main() -> None:
    folder, prefix = Path(sys.argv[1]), sys.argv[2]
    jobs = [(page, f"{prefix}/{page.name}") for page in sorted(folder.glob("*.html"))]
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        articles = sum(pool.map(is_article, jobs, chunksize=4))
    print(f"articles {articles} of {len(jobs)}")


if __name__ == "__main__":
    main()
