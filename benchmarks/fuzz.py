"""Fuzzing: generated and mutated inputs through extraction, URL keys, listings and search.

Each input is built from (seed, target, index) alone, so any one is rebuilt with --replay.
Real pages are read where they lie in ../shared/datasets (or --pages) and mutated at run time;
without them the project's own fixture site is mutated instead. Per target it prints the
inputs, how many passed, the named errors by class, the unexpected exceptions by class (the
first input of each saved under --save-dir for reproduction), and the p99 and max time per call.
A call past its time limit is stopped and counted as an unexpected CallTimeout.

Usage: python benchmarks/fuzz.py [--count 100000] [--seed 1] [--workers 2] [--pages DIR]
                                 [--save-dir DIR] [--replay TARGET:INDEX]
Exit status 1 when any unexpected exception was seen.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import fuzz_inputs as inputs
import fuzz_targets as targets

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
FIXTURE_SITE = ROOT / "fixtures" / "site"
DEFAULT_SAVE_DIR = Path(tempfile.gettempdir()) / "newscrawl-fuzz"

# Shares of the inputs: extraction is ~40 ms a real page and up to seconds a mutated one (pages
# of megabytes), the others a few milliseconds: 100,000 inputs are about 30 minutes of 2 cores.
SHARES = {"extract": 0.05, "url": 0.42, "detect_kind": 0.13, "feed": 0.125, "sitemap": 0.125, "search": 0.15}
# A call slower than this is pathological even on a busy 2-core machine: stopped and reported.
# Extraction and feeds run in the spider's worker processes, which stop one at
# NEWSCRAWL_EXTRACT_TIMEOUT (60 s by default); sitemaps, URLs and kinds are read on the reactor.
TIME_LIMITS = {"extract": 30.0, "url": 5.0, "detect_kind": 5.0, "feed": 30.0, "sitemap": 10.0, "search": 10.0}
NAMED_ERRORS = {
    "extract": targets.EXTRACTION_ERRORS,
    "url": targets.URL_ERRORS,
    "detect_kind": (),
    "feed": targets.LISTING_ERRORS,
    "sitemap": targets.LISTING_ERRORS,
    "search": targets.SEARCH_ERRORS,
}
CHUNK = 25
SAVED_PER_CLASS = 2


class CallTimeout(Exception):
    """A call ran past its target's time limit."""


@dataclass
class Seeds:
    """Real pages (paths, read on demand), their URLs, and the listings of the fixture site."""

    pages: list[tuple[Path, str]]
    listings: list[bytes]

    def page(self, rng: random.Random) -> tuple[bytes, str]:
        path, url = self.pages[rng.randrange(len(self.pages))]
        data = path.read_bytes()
        return (gzip.decompress(data) if path.suffix == ".gz" else data), url


def load_seeds(folder: Path | None) -> Seeds:
    pages: list[tuple[Path, str]] = []
    if folder is not None and folder.is_dir():
        for truth in sorted(folder.glob("*/ground-truth.json")):
            for entry in json.loads(truth.read_text(encoding="utf-8")).values():
                pages.append((truth.parent / entry["file"], entry.get("url") or "https://example.com/a"))
    if not pages:
        pages = [
            (path, f"https://example.com/{path.relative_to(FIXTURE_SITE).as_posix()}")
            for path in sorted(FIXTURE_SITE.rglob("*.htm*"))
        ]
    listings = [path.read_bytes() for path in sorted(FIXTURE_SITE.glob("*.xml"))]
    return Seeds(pages, listings)


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice([0, 1, 10, 1000, 100_000]))


def fetchable(url: str, fallback: str) -> str:
    """`url` if a crawler could have fetched a page from it, else `fallback`.

    The page's own URLs (canonical, og:url, links) are fuzzed in its markup; the URL a page was
    fetched from has passed Scrapy's Request, which refuses what urlsplit cannot read.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading the port is the check
    except ValueError:
        return fallback
    return url if parts.scheme in ("http", "https") and parts.hostname else fallback


def make_input(target: str, seed: int, index: int, seeds: Seeds) -> Any:
    """The input number `index` of `target` for `seed`: the same every time."""
    rng = random.Random(f"{seed}:{target}:{index}")
    roll = rng.random()
    if target == "extract":
        if roll < 0.6:
            page, url = seeds.page(rng)
            body = inputs.mutate(rng, page)
        elif roll < 0.85:
            body, url = inputs.generated_page(rng), "https://example.com/news/2024/03/12/story"
        elif roll < 0.95:
            body, url = seeds.page(rng)
        else:
            body = (
                random_bytes(rng)
                if rng.random() < 0.5
                else inputs.text_noise(rng, 500).encode("utf-8", "surrogatepass")
            )
            url = "https://example.com/a"
        if rng.random() < 0.2:
            url = fetchable(inputs.generated_url(rng), url)
        hints = targets.NO_HINTS
        if rng.random() < 0.2:
            hints = targets.Hints(
                title=inputs.words(rng, rng.randint(0, 10)),
                published=str(inputs.pick(rng, inputs.ODD_DATES)),
                keywords=tuple(inputs.words(rng, 2) for _ in range(rng.randint(0, 5))),
            )
        return targets.PageInput(body, url, inputs.pick(rng, inputs.CONTENT_TYPES), hints)
    if target == "url":
        base = inputs.generated_url(rng) if rng.random() < 0.3 else "https://www.example.com/news/"
        return targets.UrlInput(inputs.generated_url(rng), base)
    if target in ("detect_kind", "feed", "sitemap"):
        if roll < 0.4:
            body = inputs.generated_listing(rng)
        elif roll < 0.65:
            body = inputs.mutate_listing(rng, inputs.generated_listing(rng))
        elif roll < 0.8:
            body = inputs.mutate_listing(rng, seeds.listings[rng.randrange(len(seeds.listings))])
        elif roll < 0.9:
            page, _ = seeds.page(rng)
            body = page if rng.random() < 0.5 else inputs.mutate(rng, page)
        else:
            body = random_bytes(rng)
        return targets.ListingInput(body, inputs.pick(rng, inputs.CONTENT_TYPES) or "")
    if target == "search":
        return inputs.generated_query(rng)
    raise ValueError(f"unknown target {target!r}")


# --- the worker ---------------------------------------------------------------------------------

_SEEDS: Seeds | None = None
_CALLS: dict[str, Callable[[Any], object]] = {}
_SAVE_DIR = DEFAULT_SAVE_DIR


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CallTimeout("call ran past its time limit")


def init_worker(pages: Path | None, save_dir: Path) -> None:
    global _SEEDS, _SAVE_DIR
    logging.disable(logging.CRITICAL)  # extraction's libraries log every odd page
    _SEEDS = load_seeds(pages)
    _SAVE_DIR = save_dir
    engine = targets.search_engine(Path(tempfile.mkdtemp(prefix="newscrawl-fuzz-")))
    _CALLS.update(
        extract=targets.extract,
        url=targets.key_url,
        detect_kind=targets.classify_listing,
        feed=targets.read_feed,
        sitemap=targets.read_sitemap,
        search=targets.searcher(engine),
    )
    signal.signal(signal.SIGALRM, _alarm)


@dataclass
class Tally:
    """What the inputs of one target gave."""

    inputs: int = 0
    ok: int = 0
    named: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    # Per unexpected class: (index, saved file, message) of the first input seen.
    first: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    slowest: tuple[float, int] = (0.0, -1)  # (seconds, index): rebuild it with --replay

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.ok += other.ok
        self.named.update(other.named)
        self.unexpected.update(other.unexpected)
        for name, first in other.first.items():
            if name not in self.first or first[0] < self.first[name][0]:
                self.first[name] = first
        self.seconds.extend(other.seconds)
        self.slowest = max(self.slowest, other.slowest)


def call(target: str, value: Any) -> tuple[str, BaseException | None, float]:
    """('ok' | 'named' | 'unexpected', the exception, seconds) of one call, stopped at its limit."""
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMITS[target])
    try:
        _CALLS[target](value)
    except NAMED_ERRORS[target] as error:
        return "named", error, time.perf_counter() - started
    except Exception as error:  # every other class is the finding
        return "unexpected", error, time.perf_counter() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return "ok", None, time.perf_counter() - started


def run_chunk(task: tuple[str, int, int, int]) -> tuple[str, Tally]:
    target, seed, start, stop = task
    assert _SEEDS is not None
    tally = Tally()
    for index in range(start, stop):
        value = make_input(target, seed, index, _SEEDS)
        outcome, error, seconds = call(target, value)
        tally.inputs += 1
        tally.seconds.append(seconds)
        tally.slowest = max(tally.slowest, (seconds, index))
        if outcome == "ok":
            tally.ok += 1
            continue
        name = type(error).__name__
        if outcome == "named":
            tally.named[name] += 1
            continue
        tally.unexpected[name] += 1
        if tally.unexpected[name] <= SAVED_PER_CLASS:
            saved = save(target, seed, index, value, error)
            if name not in tally.first:
                tally.first[name] = (index, str(saved), str(error)[:200])
    return target, tally


def save(target: str, seed: int, index: int, value: Any, error: BaseException | None) -> Path:
    """The input as raw bytes (or text), with a note of the error and how to rebuild it."""
    _SAVE_DIR.mkdir(parents=True, exist_ok=True)
    path = _SAVE_DIR / f"{target}-seed{seed}-{index}.input"
    payload = getattr(value, "body", None)
    if payload is None:
        payload = getattr(value, "href", value)
    data = payload if isinstance(payload, bytes) else str(payload).encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    note = "".join(traceback.format_exception(error)) if error else ""
    path.with_suffix(".txt").write_text(
        f"{value!r:.2000}\n\npython benchmarks/fuzz.py --seed {seed} --replay {target}:{index}\n\n{note}",
        encoding="utf-8",
        errors="backslashreplace",
    )
    return path


# --- the run -----------------------------------------------------------------------------------


def tasks(count: int, seed: int) -> Iterator[tuple[str, int, int, int]]:
    """Chunks of every target, interleaved so that a short run still reaches each one."""
    totals = {name: max(1, int(count * share + 1e-6)) for name, share in SHARES.items()}
    # What rounding down leaves over goes to the largest share: a run has all `count` inputs.
    totals[max(SHARES, key=SHARES.__getitem__)] += max(0, count - sum(totals.values()))
    starts = dict.fromkeys(totals, 0)
    while any(starts[name] < totals[name] for name in totals):
        for name, total in totals.items():
            start = starts[name]
            if start < total:
                stop = min(total, start + CHUNK)
                starts[name] = stop
                yield name, seed, start, stop


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def report(tallies: dict[str, Tally], elapsed: float) -> str:
    header = f"{'target':<12} {'inputs':>7} {'ok':>7} {'named':>7} {'unexpected':>10}"
    lines = [f"{header} {'p99 ms':>8} {'max ms':>9} {'total s':>8}"]
    for name, tally in tallies.items():
        lines.append(
            f"{name:<12} {tally.inputs:>7} {tally.ok:>7} {sum(tally.named.values()):>7} "
            f"{sum(tally.unexpected.values()):>10} {percentile(tally.seconds, 0.99) * 1000:>8.1f} "
            f"{max(tally.seconds, default=0) * 1000:>9.1f} {sum(tally.seconds):>8.0f}"
        )
    for name, tally in tallies.items():
        named = ", ".join(f"{cls} {n}" for cls, n in tally.named.most_common()) or "none"
        lines.append(f"{name} named errors: {named}; slowest input #{tally.slowest[1]}")
        for cls, n in tally.unexpected.most_common():
            index, saved, message = tally.first[cls]
            lines.append(f"{name} UNEXPECTED {cls} x{n}: first input #{index} saved to {saved}: {message}")
    total = sum(t.inputs for t in tallies.values())
    unexpected = sum(sum(t.unexpected.values()) for t in tallies.values())
    lines.append(f"total inputs: {total}, unexpected exceptions: {unexpected}, wall time: {elapsed:.0f} s")
    return "\n".join(lines)


def replay(spec: str, seed: int, pages: Path | None, save_dir: Path) -> int:
    """Rebuild one input and run it here, with the whole traceback."""
    target, _, index = spec.partition(":")
    init_worker(pages, save_dir)
    assert _SEEDS is not None
    value = make_input(target, seed, int(index), _SEEDS)
    outcome, error, seconds = call(target, value)
    print(f"{target} #{index}: {outcome} in {seconds * 1000:.1f} ms")
    if error is not None:
        traceback.print_exception(error)
    return 1 if outcome == "unexpected" else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="inputs across all targets")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--pages", type=Path, default=DATASETS, help="folder of the evaluation datasets")
    parser.add_argument("--save-dir", type=Path, default=DEFAULT_SAVE_DIR, help="where failing inputs go")
    parser.add_argument("--replay", metavar="TARGET:INDEX", help="rebuild and run one input")
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay, args.seed, args.pages, args.save_dir)
    seeds = load_seeds(args.pages)
    print(f"seed {args.seed}, {args.count} inputs, {args.workers} workers, {len(seeds.pages)} pages")
    tallies = {name: Tally() for name in SHARES}
    started = time.monotonic()
    done = 0
    with Pool(args.workers, initializer=init_worker, initargs=(args.pages, args.save_dir)) as pool:
        for name, tally in pool.imap_unordered(run_chunk, tasks(args.count, args.seed)):
            tallies[name].add(tally)
            done += tally.inputs
            if done // 5000 != (done - tally.inputs) // 5000:
                print(f"  {done} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print(report(tallies, time.monotonic() - started))
    return 1 if any(t.unexpected for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
