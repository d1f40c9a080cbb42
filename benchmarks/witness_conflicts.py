"""How each dataset's truth settles the conflicts between a page's witnesses, and what that leaves
any fixed rule: the headline the <h1> shows against the search and social titles, and the day
declared as published against the day declared as modified.

A rule that holds for any site settles conflicts of one shape one way, unless something else on
the page tells them apart. Where a dataset's truth takes both sides within one row, a rule that
goes by the row alone wins at most the larger side: the "best by row" printed per dataset is
newscrawl's own exact matches outside the conflicts plus the larger side of every row, even with
each row's side chosen for that dataset alone. Passing it takes a feature that splits a row;
"every side right" is the most even a perfect split could reach.

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
from newscrawl.extraction.page import ArticlePage
from newscrawl.textkey import comparable

# Declared days closer than this are one instant written in two time zones, not an update.
MIN_DAYS_APART = 2
SIDES = ("<h1>", "search", "neither")


@dataclass
class Page:
    headline_hit: bool | None = None  # None: no headline annotated
    conflict: str | None = None  # where JSON-LD stands when the <h1> and search titles differ
    truth_side: str = "neither"  # which of the two the headline truth is
    dates: str | None = None  # which declared day the date truth is, where the two differ
    date_hit: bool | None = None  # None: no day annotated
    truth_day_written: bool = False  # the annotated day appears in the page's source


def read_page(job: tuple[str, str, dict[str, Any], int]) -> Page:
    truth = job[2]
    html, url = load_page(job)
    page = Page()
    try:
        article = extract_article(html, url, strict=False)
    except ExtractionError:
        article = None
    if truth.get("title"):
        page.headline_hit = bool(article) and scoring.squash(article.headline) == scoring.squash(
            truth["title"]
        )
        # The witnesses extract_article weighs, as it reads them.
        said = ArticlePage(html, url).witnesses.said_by
        shown, search = said.get("h1"), said.get("search")
        if shown and search and shown != search:
            declared = said.get("json-ld")
            page.conflict = {None: "no JSON-LD", shown: "with the <h1>", search: "with the search"}.get(
                declared, "on its own"
            )
            key = comparable(truth["title"])
            page.truth_side = "<h1>" if key == shown else "search" if key == search else "neither"
    if day := _annotated_day(truth.get("date")):
        page.date_hit = bool(article) and article.published_date == day
        page.truth_day_written = written(day, html.decode("utf-8", "replace"))
        published, modified = (article.published_date, article.modified_at) if article else (None, None)
        if published and modified and abs((modified.date() - published).days) >= MIN_DAYS_APART:
            page.dates = (
                "published" if day == published else "modified" if day == modified.date() else "neither"
            )
    return page


def _annotated_day(value: Any) -> date | None:
    """The annotated day; None where there is none, or a typo ('2022-01.26') that names none."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]  # fmt: skip


def written(day: date, source: str) -> bool:
    """Whether the page's source writes `day` in a common form: ISO, numeric with the day or
    the month first, English month names whole or cut to three letters."""
    d, m, y, month = day.day, day.month, day.year, _MONTHS[day.month - 1]
    forms = {
        day.isoformat(), f"{y}/{m:02d}/{d:02d}", f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}",
        f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}", f"{d:02d}/{m:02d}/{y}",
    }  # fmt: skip
    for name in (month, month[:3], month[:3] + "."):
        forms |= {f"{name} {d}, {y}", f"{name} {d:02d}, {y}", f"{d} {name} {y}", f"{d:02d} {name} {y}"}
    folded = " ".join(source.casefold().split())
    return any(form.casefold() in folded for form in forms)


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
        either = sum(n for (_, side), n in rows.items() if side != "neither")
        print(
            f"  best by row, each row's side chosen for this dataset: {(outside + larger) / len(titled):.4f};"
            f" every side right: {(outside + either) / len(titled):.4f}"
        )
    missed = [p for p in found if p.date_hit is False]
    if missed:
        print(
            f"  date misses: {len(missed)}; the annotated day is written nowhere in the page's source"
            f" (ISO, numeric or English forms) on {sum(not p.truth_day_written for p in missed)}"
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
