"""Extraction quality on the evaluation datasets: newscrawl next to plain trafilatura, one run.

Each page of each dataset folder is extracted by `newscrawl.extraction.extract_article` and by
`trafilatura.bare_extraction(html, url=url, with_metadata=True)` in the same process, one after
the other, and both are scored with the measures of ../shared/datasets/README.md.

Usage: python benchmarks/extraction_quality.py [--jobs 2] [--limit N] DATASET_DIR...
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import scoring
from trafilatura import bare_extraction

from newscrawl.extraction import ExtractionError, extract_article
from newscrawl.extraction.language import primary_subtag


@dataclass
class Prediction:
    body: str = ""
    headline: str = ""
    titles: list[str] = field(default_factory=list)  # the page's other titles (newscrawl's `titles`)
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    captions: str | None = None  # None: this extractor does not produce captions
    ms: float = 0.0
    refused: bool = False  # newscrawl's crawler would not store this page as an article


def newscrawl_prediction(html: bytes, url: str) -> Prediction:
    start = time.perf_counter()
    try:
        # Classification (article or not) is the crawler's question; here every page is
        # extracted, and the pages the classifier would refuse are counted separately.
        article = extract_article(html, url, strict=False)
    except ExtractionError:
        return Prediction(captions="", ms=(time.perf_counter() - start) * 1000)
    elapsed = (time.perf_counter() - start) * 1000
    captions = " ".join(f"{i.caption or ''} {i.credit or ''}" for i in article.images)
    return Prediction(
        refused="refused" in article.provenance,
        body=article.body,
        headline=article.headline,
        titles=list(article.titles.values()),
        authors=article.authors,
        date=article.published_date.isoformat() if article.published_date else None,
        language=article.language,
        tags=article.tags,
        captions=captions,
        ms=elapsed,
    )


def trafilatura_prediction(html: bytes, url: str) -> Prediction:
    start = time.perf_counter()
    document = bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    elapsed = (time.perf_counter() - start) * 1000
    if document is None:
        return Prediction(ms=elapsed)
    return Prediction(
        body=document.text or "",
        headline=document.title or "",
        authors=[a for a in (document.author or "").split(";") if a.strip()],
        date=document.date,
        language=document.language,
        tags=list(document.tags or []),
        ms=elapsed,
    )


def run_page(job: tuple[str, str, dict[str, Any], int]) -> tuple[str, dict[str, Any], Prediction, Prediction]:
    _, page_id, truth, index = job
    html, url = load_page(job)
    # Whichever extractor meets a page's language first pays for loading its date-parsing data
    # (dateparser, through htmldate); taking turns shares that cost fairly.
    if index % 2:
        theirs = trafilatura_prediction(html, url)
        return page_id, truth, newscrawl_prediction(html, url), theirs
    return page_id, truth, newscrawl_prediction(html, url), trafilatura_prediction(html, url)


def load_page(job: tuple[str, str, dict[str, Any], int]) -> tuple[bytes, str]:
    """A page's bytes and its URL (a stand-in where the dataset has none)."""
    folder, page_id, truth, _ = job
    url = truth.get("url") if truth.get("url") not in (None, "None") else f"https://example.org/{page_id}"
    return gzip.decompress((Path(folder) / truth["file"]).read_bytes()), url


def pages(folder: Path, limit: int | None) -> Iterator[tuple[str, str, dict[str, Any], int]]:
    truth = json.loads((folder / "ground-truth.json").read_text())
    selected = [(k, v) for k, v in truth.items() if v.get("page_type", "article") == "article"]
    for index, (page_id, entry) in enumerate(selected[:limit]):
        yield str(folder), page_id, entry, index


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def score(results: list[tuple[str, dict[str, Any], Prediction, Prediction]], which: int) -> dict[str, float]:
    """Every measure the truth allows, for prediction `which` (0 newscrawl, 1 trafilatura)."""
    preds = [(r[1], r[2 + which]) for r in results]
    out: dict[str, float] = {}
    with_body = [(p, t) for t, p in preds if t.get("body")]
    if with_body:
        out["body P"], out["body R"], out["body F1"] = scoring.bag_scores(
            (scoring.tokens(p.body), scoring.tokens(t["body"])) for p, t in with_body
        )
        out["body 4gram F1"] = scoring.bag_scores(
            (scoring.ngrams(p.body), scoring.ngrams(t["body"])) for p, t in with_body
        )[2]
    snippets = [
        (p.body, as_list(t.get("body_with")), as_list(t.get("body_without")))
        for t, p in preds
        if "body_with" in t
    ]
    if snippets:
        out["snippet P"], out["snippet R"], out["snippet F1"] = scoring.snippet_scores(snippets)
    titled = [(p, t) for t, p in preds if t.get("title")]
    if titled:
        out["headline exact"] = scoring.accuracy(
            (scoring.squash(p.headline), scoring.squash(t["title"])) for p, t in titled
        )
        out["headline norm"] = scoring.accuracy(
            (scoring.normalized(p.headline), scoring.normalized(t["title"])) for p, t in titled
        )
        # The datasets disagree about which of a page's titles is its headline (witness_conflicts.py):
        # whether the one the truth names is among those stored.
        out["any title exact"] = scoring.accuracy((_titled(p, t["title"]), True) for p, t in titled)
    if any(t.get("authors") for t, _ in preds):
        out["authors F1"] = scoring.mean_set_f1(
            ((p.authors, as_list(t.get("authors"))) for t, p in preds), names=True
        )
    # Some truths hold NaN where a date was not annotated: not scored, like a missing key.
    dated = [(p.date, t["date"]) for t, p in preds if isinstance(t.get("date"), str) and t["date"]]
    if dated:
        out["date"] = scoring.accuracy(dated)
    langs = [
        (primary_subtag(p.language), primary_subtag(t["language"])) for t, p in preds if t.get("language")
    ]
    if langs and any(p.language for _, p in preds):
        out["language"] = scoring.accuracy(langs)
    if any(t.get("tags") for t, _ in preds):
        out["tags F1"] = scoring.mean_set_f1(
            ((p.tags, as_list(t.get("tags"))) for t, p in preds), names=False
        )
        out["tags P"] = scoring.mean_set_precision(
            ((p.tags, as_list(t.get("tags"))) for t, p in preds), names=False
        )
    captioned = [(p.captions or "", t["images"]) for t, p in preds if t.get("images")]
    if captioned and any(p.captions is not None for _, p in preds):
        out["caption F1"], out["credit recall"] = scoring.caption_scores(captioned)
    out["median ms"] = statistics.median(p.ms for _, p in preds)
    if which == 0:
        out["refused share"] = sum(p.refused for _, p in preds) / len(preds)
    return out


def _titled(prediction: Prediction, truth: str) -> bool:
    key = scoring.squash(truth)
    return any(scoring.squash(title) == key for title in [prediction.headline, *prediction.titles])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="at most this many pages per dataset")
    parser.add_argument("--dump", type=Path, help="write per-page predictions here (JSON lines)")
    args = parser.parse_args()
    with Pool(args.jobs) as pool:
        for folder in args.datasets:
            results = pool.map(run_page, list(pages(folder, args.limit)), chunksize=4)
            ours, theirs = score(results, 0), score(results, 1)
            print(f"\n{folder.name} ({len(results)} pages)")
            print(f"  {'measure':16} {'newscrawl':>10} {'trafilatura':>12}")
            for measure in ours:
                theirs_value = theirs.get(measure)
                shown = "-" if theirs_value is None or math.isnan(theirs_value) else f"{theirs_value:.4f}"
                print(f"  {measure:16} {ours[measure]:10.4f} {shown:>12}")
            if args.dump:
                with args.dump.open("a") as dump:
                    for page_id, truth, mine, other in results:
                        dump.write(
                            json.dumps(
                                {
                                    "dataset": folder.name,
                                    "id": page_id,
                                    "url": truth.get("url"),
                                    "newscrawl": mine.__dict__,
                                    "trafilatura": other.__dict__,
                                }
                            )
                            + "\n"
                        )


if __name__ == "__main__":
    main()
