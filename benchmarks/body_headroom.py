"""How far newscrawl's body F1 could get ahead of trafilatura's on a dataset, from the per-page
dump of extraction_quality.py: whether a margin target is within reach of any choice between
the two extractors' bodies, page by page.

Beside both extractors' scores it prints two bounds, scored as extraction_quality.py scores:
  best of both   each page's body taken from whichever extractor scores the higher F1 there;
  our precision, the better recall
                 each page keeps newscrawl's precision and gets the higher of the two recalls,
                 as if every word trafilatura found and newscrawl missed were won back for free.

Usage: python benchmarks/body_headroom.py DUMP.jsonl DATASET_DIR [--margin 0.01]
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter
from pathlib import Path

import scoring

PageScores = tuple[float | None, float]  # precision (None: nothing extracted), recall


def page_scores(predicted: list[str], truth: list[str]) -> PageScores:
    common = sum((Counter(predicted) & Counter(truth)).values())
    return (common / len(predicted) if predicted else None), common / len(truth)


def pooled(scores: list[PageScores]) -> tuple[float, float, float]:
    """Mean precision and mean recall and their harmonic mean, as scoring.bag_scores pools them."""
    precisions = [p for p, _ in scores if p is not None]
    recall = statistics.mean(r for _, r in scores)
    return scoring.harmonic(statistics.mean(precisions or [0.0]), recall)


def page_f1(scores: PageScores) -> float:
    precision, recall = scores
    return scoring.harmonic(precision or 0.0, recall)[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--margin", type=float, default=0.01)
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text())
    ours, theirs = [], []
    for line in args.dump.read_text().splitlines():
        page = json.loads(line)
        if page["dataset"] != args.dataset.name or not truth[page["id"]].get("body"):
            continue
        true_tokens = scoring.tokens(truth[page["id"]]["body"])
        ours.append(page_scores(scoring.tokens(page["newscrawl"]["body"]), true_tokens))
        theirs.append(page_scores(scoring.tokens(page["trafilatura"]["body"]), true_tokens))
    if not ours:
        raise SystemExit(f"no page of {args.dataset.name} with body truth in {args.dump}")
    best = [max(pair, key=page_f1) for pair in zip(ours, theirs, strict=True)]
    bound = [(mine[0], max(mine[1], other[1])) for mine, other in zip(ours, theirs, strict=True)]
    their_f1 = pooled(theirs)[2]
    print(f"{args.dataset.name}: {len(ours)} pages with body truth")
    print(f"  {'':34} {'P':>7} {'R':>7} {'F1':>7}")
    for name, scores in (
        ("newscrawl", ours),
        ("trafilatura", theirs),
        ("best of both, page by page", best),
        ("our precision, the better recall", bound),
    ):
        precision, recall, f1 = pooled(scores)
        print(f"  {name:34} {precision:7.4f} {recall:7.4f} {f1:7.4f}")
    print(f"  target: trafilatura + {args.margin:g} = {their_f1 + args.margin:.4f}")


if __name__ == "__main__":
    main()
