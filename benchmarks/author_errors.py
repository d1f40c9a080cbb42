"""The pages whose authors newscrawl gets wrong, sorted into kinds of error, from the per-page
dump of extraction_quality.py: which kinds of author error are worth a generic rule.

Usage: python benchmarks/author_errors.py DUMP.jsonl DATASET_DIR [--list]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import scoring

# A name that reads as an organisation's, not a person's.
_ORGANISATION = re.compile(
    r"\b(team|staff|news|online|global|clinic|inc|llc|ltd|editors?|editorial|newsroom|blog|media|group)\b"
    r"|\.(?:com|org|net|io)\b",
    re.IGNORECASE,
)

_JOB = re.compile(
    r"\b(expert|director|ceo|representative|committee|editor|officer|founder|industry|home|security)\b"
)


def kind(predicted: list[str], truth: list[str], site: str) -> str:
    """A few words for what went wrong."""
    mine, right = scoring.split_names(predicted), scoring.split_names(truth)
    if not mine:
        return "missing: truth names the site or a team" if _is_organisation(truth, site) else "missing"
    if _is_organisation(predicted, site) and not _is_organisation(truth, site):
        return "site or team named instead of the writer"
    if not _is_organisation(predicted, site) and _is_organisation(truth, site):
        return "writer named where the truth names the site or a team"
    if any(r.startswith(m + " ") or r.endswith(" " + m) for m in mine for r in right if m not in right):
        return "truth's name is longer (honorific, full name, 'Sponsored by')"
    if any(m.startswith(r + " ") for m in mine for r in right if m not in right):
        return "words glued to the name"
    if mine & right and mine < right:
        # The scoring splits at commas, so a job after the name counts as a missing writer.
        missed = [part for part in scoring.split_names(truth) if part not in mine]
        return (
            "truth keeps the job after the name"
            if any(_JOB.search(p) for p in missed)
            else "co-writers missing"
        )
    if mine & right and right < mine:
        return "extra names"
    return "another name (user name, other person, label)"


def _is_organisation(names: list[str], site: str) -> bool:
    """Whether a name is a team's or the site's own (its domain's label: 'Tiger Data' on
    tigerdata.com, or a person's own site named after them)."""
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", site).split("/")[0]
    label = host.split(".")[0].casefold().replace("-", "")
    return any(_ORGANISATION.search(name) or re.sub(r"\W", "", name.casefold()) == label for name in names)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dump", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--list", action="store_true", help="print each wrong page too")
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text())
    kinds: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    scored = 0
    for line in args.dump.read_text().splitlines():
        row = json.loads(line)
        entry = truth.get(row["id"], {})
        if row["dataset"] != args.dataset.name or not scoring.split_names(entry.get("authors") or []):
            continue
        scored += 1
        predicted = row["newscrawl"]["authors"]
        f1 = scoring.set_f1(scoring.split_names(predicted), scoring.split_names(entry["authors"]))
        if f1 < 1:
            what = kind(predicted, entry["authors"], entry.get("domain") or row.get("url") or "")
            kinds[what] += 1
            lost[what] += 1 - f1
            if args.list:
                print(f"{row['id']}  {f1:.2f}  {what}: {predicted} / truth {entry['authors']}")
    print(f"{scored} pages with authors; F1 lost per kind (pages, F1 points of the mean):")
    for what, count in kinds.most_common():
        print(f"  {count:4} {lost[what] / scored:.4f}  {what}")


if __name__ == "__main__":
    main()
