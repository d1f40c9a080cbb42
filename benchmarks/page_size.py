"""What keeping pages costs: bytes per article version stored (raw and compressed) and the CPU
of compressing, on the fixture site and on real pages of ../shared/datasets (read in place).

For each set of pages: the median and mean raw size, the size newscrawl stores (zlib level
6, keptpage.keep_page) and what zlib 9 and lzma would store instead, the CPU ms a page of
each compression, and the ms of pickling the kept page back from an extraction worker (what
compressing in the worker adds to the crawl process, against compressing there). With --db,
the same sizes of the pages a store holds.

Usage: python benchmarks/page_size.py [--limit 300] [--db URL] [DATASET_DIR...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import pickle
import statistics
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from newscrawl.keptpage import keep_page
from newscrawl.store import open_engine, sessions
from newscrawl.store.models import PageRow

_ROOT = Path(__file__).resolve().parents[1]
_DATASETS = _ROOT.parent / "shared" / "datasets"
_DEFAULT = ("fundus-dev", "wcxb-dev", "trafilatura-eval", "htmldate-mediacloud")


def fixture_pages() -> list[bytes]:
    return [path.read_bytes() for path in sorted((_ROOT / "fixtures" / "site").rglob("*.html"))]


def dataset_pages(folder: Path, limit: int) -> list[bytes]:
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = []
    for entry in list(truth.values())[:limit]:
        if entry.get("page_type", "article") == "article":  # wcxb's home pages are never kept
            pages.append(gzip.decompress((folder / entry["file"]).read_bytes()))
    return pages


def _ms(work: Callable[[bytes], object], pages: list[bytes]) -> float:
    start = time.process_time()
    for page in pages:
        work(page)
    return (time.process_time() - start) * 1000 / len(pages)


def _kb(sizes: list[int]) -> str:
    return f"{statistics.median(sizes) / 1024:6.1f} {statistics.fmean(sizes) / 1024:6.1f}"


def report(name: str, pages: list[bytes]) -> None:
    kept = [keep_page(page, "text/html; charset=utf-8", {"title": "A headline"}) for page in pages]
    raw = [len(page) for page in pages]
    zlib6 = [len(k.data) for k in kept]
    zlib9 = [len(zlib.compress(page, 9)) for page in pages]
    xz = [len(lzma.compress(page)) for page in pages]
    ratio = sum(zlib6) / sum(raw)
    times = (
        _ms(lambda p: zlib.compress(p, 6), pages),
        _ms(lambda p: zlib.compress(p, 9), pages),
        _ms(lzma.compress, pages),
        _ms(lambda p: zlib.decompress(zlib.compress(p, 6)), pages)
        - _ms(lambda p: zlib.compress(p, 6), pages),
    )
    start = time.process_time()
    for page in kept:
        pickle.loads(pickle.dumps(page))
    pickling = (time.process_time() - start) * 1000 / len(kept)
    print(
        f"{name:22} {len(pages):5} | {_kb(raw)} | {_kb(zlib6)} ({ratio:4.0%}) | {_kb(zlib9)} | {_kb(xz)} | "
        f"{times[0]:5.2f} {times[1]:5.2f} {times[2]:6.2f} {times[3]:5.2f} | {pickling:5.3f}"
    )


def store_report(url: str) -> None:
    engine = open_engine(url, create=False)
    with sessions(engine).reads() as session:
        count, raw, stored = session.execute(
            select(func.count(), func.sum(PageRow.raw_size), func.sum(func.length(PageRow.data)))
        ).one()
    engine.dispose()
    if count:
        each = f"{raw / count / 1024:.1f} KB raw, {stored / count / 1024:.1f} KB stored"
        print(f"store {url}: {count} pages, each {each}")
    else:
        print(f"store {url}: no kept pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[_DATASETS / name for name in _DEFAULT])
    parser.add_argument("--limit", type=int, default=300, help="pages per dataset (default: 300)")
    parser.add_argument("--db", help="also report the pages kept in this store")
    args = parser.parse_args()
    print(
        "pages                      n | raw KB med mean | zlib-6 (stored) med mean | zlib-9 med mean | "
        "lzma med mean | CPU ms/page: zlib-6 zlib-9 lzma unzip | pickle ms"
    )
    report("fixture site", fixture_pages())
    for folder in args.folders:
        report(folder.name, dataset_pages(folder, args.limit))
    if args.db:
        store_report(args.db)


if __name__ == "__main__":
    main()
