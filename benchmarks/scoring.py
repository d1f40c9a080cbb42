"""The measures of ../shared/datasets/README.md: body tokens, snippets, headline, authors, tags,
date, language, captions. Each takes predictions and truths and returns a number."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b)\s*", re.IGNORECASE)
_BY = re.compile(r"^(by|von)\s+", re.IGNORECASE)
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-"}
)


def tokens(text: str | None) -> list[str]:
    """Whitespace tokens; each CJK character is a token of its own."""
    return _CJK.sub(r" \1 ", text or "").split()


def ngrams(text: str | None, n: int = 4) -> list[str]:
    words = re.findall(r"\w+", text or "")
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def bag_scores(pairs: Iterable[tuple[list[str], list[str]]]) -> tuple[float, float, float]:
    """Mean precision, mean recall, and their harmonic mean, over (predicted, true) token bags.

    An empty prediction counts as recall 0 and is left out of the mean precision.
    """
    precisions, recalls = [], []
    for predicted, truth in pairs:
        if not truth:
            continue
        common = sum((Counter(predicted) & Counter(truth)).values())
        recalls.append(common / len(truth))
        if predicted:
            precisions.append(common / len(predicted))
    return harmonic(statistics.mean(precisions or [0.0]), statistics.mean(recalls or [0.0]))


def harmonic(precision: float, recall: float) -> tuple[float, float, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def normalized(text: str | None) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_QUOTES)
    return squash(re.sub(r"[^\w\s]", " ", folded))


def snippet_scores(cases: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> tuple[float, float, float]:
    """Micro P/R/F1 over must-have and must-not snippets, by whitespace-normalised substring."""
    tp = fp = fn = 0
    for body, wanted, unwanted in cases:
        text = squash(body)
        for snippet in wanted:
            if squash(snippet) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(squash(s) in text for s in unwanted)
    return harmonic(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def split_names(values: Iterable[str]) -> set[str]:
    names = set()
    for value in values:
        for part in _AUTHOR_SPLIT.split(_BY.sub("", squash(value))):
            if normalized(part):
                names.add(normalized(_BY.sub("", part)))
    return names


def set_f1(predicted: set[str], truth: set[str]) -> float:
    if not predicted or not truth:
        return 0.0
    common = len(predicted & truth)
    return harmonic(common / len(predicted), common / len(truth))[2]


def _sets(
    pairs: Iterable[tuple[Iterable[str], Iterable[str]]], names: bool
) -> Iterable[tuple[set[str], set[str]]]:
    """(predicted, truth) as sets of normalised strings, for pages whose truth is not empty."""
    for predicted, truth in pairs:
        truth_set = split_names(truth) if names else {normalized(t) for t in truth if normalized(t)}
        if truth_set:
            yield (
                split_names(predicted) if names else {normalized(p) for p in predicted if normalized(p)},
                truth_set,
            )


def mean_set_f1(pairs: Iterable[tuple[Iterable[str], Iterable[str]]], *, names: bool) -> float:
    """Per-page set F1, averaged over pages whose truth is not empty."""
    scores = [set_f1(predicted, truth) for predicted, truth in _sets(pairs, names)]
    return statistics.mean(scores) if scores else float("nan")


def mean_set_precision(pairs: Iterable[tuple[Iterable[str], Iterable[str]]], *, names: bool) -> float:
    """Per-page set precision, averaged over pages whose truth and prediction are not empty:
    how much of what is stored is right, where something is."""
    scores = [len(p & t) / len(p) for p, t in _sets(pairs, names) if p]
    return statistics.mean(scores) if scores else float("nan")


def accuracy(pairs: Iterable[tuple[object, object]]) -> float:
    results = [predicted == truth for predicted, truth in pairs]
    return sum(results) / len(results) if results else float("nan")


def caption_scores(pages: Iterable[tuple[str, list[dict[str, object]]]]) -> tuple[float, float]:
    """Token F1 of all captions plus credits of a page (averaged over pages with captioned images),
    and credit recall: the share of true credit strings found in the predicted text."""
    f1s, found, total = [], 0, 0
    for predicted_text, images in pages:
        truth_parts = []
        for image in images:
            truth_parts.append(str(image.get("caption") or ""))
            credits = image.get("credit") or []
            credit_list = credits if isinstance(credits, list) else [credits]
            truth_parts += [str(c) for c in credit_list]
            for credit in credit_list:
                total += 1
                found += normalized(str(credit)) in normalized(predicted_text)
        truth_tokens = tokens(" ".join(truth_parts))
        if truth_tokens:
            f1s.append(bag_scores([(tokens(predicted_text), truth_tokens)])[2])
    return (statistics.mean(f1s) if f1s else float("nan"), found / total if total else float("nan"))
