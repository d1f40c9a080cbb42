"""Feed and sitemap reading on any response: entries, or an error the crawler handles by name
(ValueError, OSError: a bad listing), within a time bound; detect_kind on any bytes: a kind.

feeds.py is being rewritten on another branch; these tests reach it through
benchmarks/fuzz_targets. The inputs that break it today are kept below as strict expected
failures: when the rewrite makes them pass, the markers come off at the merge.
"""

from __future__ import annotations

import contextlib
import gzip
import random
import signal
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import fuzz_inputs as inputs
from benchmarks.fuzz_targets import LISTING_ERRORS, ListingInput, classify_listing, read_listing

SITE = Path(__file__).resolve().parents[2] / "fixtures" / "site"
LISTINGS = sorted(path.read_bytes() for path in SITE.glob("*.xml"))
SITEMAP = b"<urlset><url><loc>https://example.com/a</loc></url></urlset>"

# Found by benchmarks/fuzz.py; each is one response that raised past the crawler's handler
# (a traceback, the listing lost) or never returned.
BROKEN_LISTINGS = {
    "empty body: XMLSyntaxError": b"",
    "gzip cut short: EOFError": gzip.compress(SITEMAP, mtime=0)[:30],
    "an entry as the root, after a processing instruction: TypeError": b"<?pi x?><url><loc>https://e.com/a</loc></url>",
}
BROKEN_KINDS = {
    "gzip cut short: EOFError": gzip.compress(SITEMAP, mtime=0)[:20],
    "gzip of garbage: zlib.error": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-deflate",
    "gzip magic, unknown method: BadGzipFile": b"\x1f\x8b\x09" + bytes(20),
}
# No per-example deadline: feedparser takes seconds on a mutated body of megabytes, which made
# this test flaky on a loaded machine. The spider bounds a feed's time in its worker process,
# and benchmarks/fuzz.py bounds and counts each call's time.
LISTING = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def reads_or_refuses(body: bytes, content_type: str = "") -> None:
    with contextlib.suppress(LISTING_ERRORS):
        read_listing(ListingInput(body, content_type))


@pytest.mark.parametrize("body", BROKEN_LISTINGS.values(), ids=BROKEN_LISTINGS.keys())
def test_known_breaking_listings(body: bytes) -> None:
    reads_or_refuses(body)


@pytest.mark.parametrize("body", BROKEN_KINDS.values(), ids=BROKEN_KINDS.keys())
def test_known_breaking_kinds(body: bytes) -> None:
    classify_listing(ListingInput(body))


class TooSlow(Exception):
    pass


def _stop(signum: int, frame: FrameType | None) -> None:
    raise TooSlow


def test_a_prolog_of_empty_comments_is_classified_at_once() -> None:
    # 22 empty comments took 0.8 s, and each one more four times as long: 30 would have taken hours.
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        classify_listing(ListingInput(b"<!---->" * 30 + b"!"))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@LISTING
@given(st.randoms(use_true_random=False))
def test_generated_listings(rng: random.Random) -> None:
    body = inputs.generated_listing(rng)
    if rng.random() < 0.5:
        body = inputs.mutate_listing(rng, body)
    reads_or_refuses(body)
    classify_listing(ListingInput(body, inputs.pick(rng, inputs.CONTENT_TYPES) or ""))


@LISTING
@given(st.sampled_from(LISTINGS), st.randoms(use_true_random=False))
def test_mutated_fixture_listings(listing: bytes, rng: random.Random) -> None:
    body = inputs.mutate(rng, listing, rng.randint(1, 3))
    reads_or_refuses(body)
    classify_listing(ListingInput(body))


@LISTING
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(body: bytes) -> None:
    reads_or_refuses(body)
    classify_listing(ListingInput(body))
