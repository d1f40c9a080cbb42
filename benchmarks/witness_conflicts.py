"""How each dataset's truth settles the conflicts between a page's witnesses, and what that leaves
any fixed rule: the headline the <h1> shows against the search and social titles, and the day
declared as published against the day declared as modified.

A rule that holds for any site settles conflicts of one shape one way, unless something else on
the page tells them apart. Where a dataset's truth takes both sides within one row, a rule that
goes by the row alone wins at most the larger side: the "best by row" printed per dataset is
newscrawl's own exact matches outside the conflicts plus the larger side of every row, even with
each row's side chosen for that dataset alone. Passing it takes a feature that splits a row.

Usage: cd benchmarks && python witness_conflicts.py [--jobs 2] DATASET_DIR...
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from datetime import date
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import scoring
from extraction_quality import load_page, pages

from newscrawl.extraction import ExtractionError, extract_article
from newscrawl.extraction.dom import decode, parse, slim
from newscrawl.extraction.headline import headline_witnesses, page_h1s, section_labels
from newscrawl.extraction.structured import read_structured_data
from newscrawl.extraction.text import comparable
from newscrawl.urlkey import site_of

# Declared days closer than this are one instant written in two time zones, not an update.
MIN_DAYS_APART = 2
SIDES = ("<h1>", "search", "neither")


@dataclass
class Page:
    headline_hit: bool | None = None  # None: no headline annotated
    conflict: str | None = None  # where JSON-LD stands when the <h1> and search titles differ
    truth_side: str = "neither"  # which of the two the headline truth is
    dates: str | None = None  # which declared day the date truth is, where the two differ


def read_page(job: tuple[str, str, dict[str, Any], int]) -> Page:
    truth = job[2]
    html, url = load_page(job)
    page = Page()
    try:
        article = extract_article(html, url, strict=False)
    except ExtractionError:
        article = None
    tree = parse(slim(decode(html, None)))
    data = read_structured_data(tree)
    if truth.get("title"):
        page.headline_hit = bool(article) and scoring.squash(article.headline) == scoring.squash(
            truth["title"]
        )
        said = headline_witnesses(
            [*data.headlines, (data.title, "title")],
            page_h1s(tree),
            site_of(url),
            data.site_name,
            section_labels(url, data.section),
        ).said_by
        shown, search = said.get("h1"), said.get("search")
        if shown and search and shown != search:
            declared = said.get("json-ld")
            page.conflict = {None: "no JSON-LD", shown: "with the <h1>", search: "with the search"}.get(
                declared, "on its own"
            )
            key = comparable(truth["title"])
            page.truth_side = "<h1>" if key == shown else "search" if key == search else "neither"
    if article and isinstance(truth.get("date"), str) and len(truth["date"]) == 10:
        published, modified = article.published_date, article.modified_at
        if published and modified and abs((modified.date() - published).days) >= MIN_DAYS_APART:
            day = date.fromisoformat(truth["date"])
            page.dates = (
                "published" if day == published else "modified" if day == modified.date() else "neither"
            )
    return page


def report(name: str, found: list[Page]) -> None:
    print(f"\n{name}: {len(found)} pages")
    titled = [p for p in found if p.headline_hit is not None]
    if titled:
        rows = Counter((p.conflict, p.truth_side) for p in titled if p.conflict)
        outside = sum(bool(p.headline_hit) for p in titled if not p.conflict)
        kinds = sorted({row for row, _ in rows})
        larger = sum(max(rows[(row, "<h1>")], rows[(row, "search")]) for row in kinds)
        hits = sum(bool(p.headline_hit) for p in titled)
        print(f"  headline exact {hits / len(titled):.4f} on {len(titled)} titled pages")
        print(f"  the <h1> and the search titles name different headlines on {sum(rows.values())}:")
        print(f"    {'JSON-LD':18}" + "".join(f"{side:>9}" for side in SIDES))
        for row in kinds:
            print(f"    {row:18}" + "".join(f"{rows[(row, side)]:9}" for side in SIDES))
        print(
            f"  best by row, each row's side chosen for this dataset: {(outside + larger) / len(titled):.4f}"
        )
    dated = Counter(p.dates for p in found if p.dates)
    if dated:
        print(
            f"  published and modified {MIN_DAYS_APART}+ days apart on {sum(dated.values())} pages; the truth"
            f" is the published day on {dated['published']}, the modified day on {dated['modified']},"
            f" neither on {dated['neither']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with Pool(args.jobs) as pool:
        for folder in args.datasets:
            report(folder.name, pool.map(read_page, list(pages(folder, None)), chunksize=4))


if __name__ == "__main__":
    main()
