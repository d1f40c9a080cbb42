"""URL keys on any link a page may hold: a key, never an exception, within a CPU-time bound.

url_key is being rewritten on another branch; these tests reach it through
benchmarks/fuzz_targets.key_url. The inputs that break it today are kept below as strict
expected failures: when the rewrite makes them pass, the markers come off at the merge.
"""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import fuzz_inputs as inputs
from benchmarks.fuzz_targets import URL_ERRORS, UrlInput, key_url
from tests.cpubound import cpu_bounded

# Found by benchmarks/fuzz.py: an IPv6 host left open made urlsplit raise a bare ValueError
# inside url_key and site_of, which the crawler calls on a page's canonical and a listing's
# entries; now each is the named InvalidUrl.
BROKEN = {
    "IPv6 host left open": "http://[::1",
    "IPv6 host left open, with a path": "https://[2001:db8::1/news/story",
    # A lone surrogate in a kept query value cannot be encoded (UnicodeEncodeError).
    "lone surrogate in the query": "http://example.com/a?q=\ud800",
}
# No wall-clock deadline (tests/cpubound.py): keys() holds each URL to two CPU seconds.
URLS = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@cpu_bounded(2.0)
def keys(href: str, base: str = "https://www.example.com/news/") -> None:
    with contextlib.suppress(URL_ERRORS):
        key_url(UrlInput(href, base))


@pytest.mark.parametrize("href", BROKEN.values(), ids=BROKEN.keys())
def test_known_breaking_links(href: str) -> None:
    keys(href)


@URLS
@given(st.randoms(use_true_random=False), st.booleans())
def test_generated_links(rng: random.Random, odd_base: bool) -> None:
    keys(inputs.generated_url(rng), inputs.generated_url(rng) if odd_base else "https://example.com/")


@URLS
@given(st.text(max_size=300))
def test_arbitrary_text(href: str) -> None:
    keys(href)


@pytest.mark.parametrize("href", [u for u in inputs.ODD_URLS if "[" not in u])
def test_odd_links_without_an_ipv6_host_are_keyed(href: str) -> None:
    keys(href)
