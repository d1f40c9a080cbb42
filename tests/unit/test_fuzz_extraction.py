"""extract_article on any input: an Article or a named ExtractionError, within a CPU-time bound.

The generators are those of benchmarks/fuzz.py (driven here by hypothesis' random source, so
failures shrink); the regression tests below are the slow pages fuzzing found, written small.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import fuzz_inputs as inputs
from benchmarks.fuzz_targets import EXTRACTION_ERRORS, PageInput, extract
from newscrawl.extraction import extract_article
from newscrawl.extraction.dom import slim
from newscrawl.extraction.embedded import embedded_article_html
from newscrawl.extraction.scripts import script_elements
from tests.cpubound import cpu_bounded

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "site"
PAGES = sorted(path.read_bytes() for path in FIXTURES.rglob("*.htm*"))
URL = "https://example.com/news/2024/03/12/story"
# Extraction takes ~40 ms a page; only a pathological case (a quadratic scan, a catastrophic
# pattern) comes near the CPU bound. No wall-clock deadline: see tests/cpubound.py.
EXTRACTION = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
EXTRACTION_CPU_SECONDS = 10.0
# Whole generated or mutated pages, of up to megabytes: fewer of them (the benchmark runs more).
WHOLE_PAGES = settings(EXTRACTION, max_examples=20)


@cpu_bounded(EXTRACTION_CPU_SECONDS)
def extracts_or_refuses(page: PageInput) -> None:
    with contextlib.suppress(EXTRACTION_ERRORS):
        extract(page)


@WHOLE_PAGES
@given(st.randoms(use_true_random=False))
def test_generated_pages(rng: random.Random) -> None:
    extracts_or_refuses(
        PageInput(inputs.generated_page(rng), URL, str(inputs.pick(rng, inputs.CONTENT_TYPES)))
    )


@WHOLE_PAGES
@given(st.sampled_from(PAGES), st.randoms(use_true_random=False))
def test_mutated_fixture_pages(page: bytes, rng: random.Random) -> None:
    extracts_or_refuses(PageInput(inputs.mutate(rng, page), URL))


@EXTRACTION
@given(st.binary(max_size=5000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes(body: bytes) -> None:
    extracts_or_refuses(PageInput(body, URL))


@EXTRACTION
@given(st.text(max_size=3000))
def test_arbitrary_text(text: str) -> None:
    with contextlib.suppress(EXTRACTION_ERRORS):
        cpu_bounded(EXTRACTION_CPU_SECONDS)(extract_article)(text, URL)


@EXTRACTION
@given(
    st.sampled_from(PAGES),
    st.sampled_from(inputs.INJECTIONS),
    st.integers(min_value=0),
    st.sampled_from(inputs.CHARSETS),
)
def test_fixture_pages_with_an_injected_tag_and_a_swapped_charset(
    page: bytes, snippet: bytes, at: int, charset: str
) -> None:
    at %= len(page) + 1
    body = (page[:at] + snippet + page[at:]).replace(b"charset=utf-8", b"charset=" + charset.encode())
    extracts_or_refuses(PageInput(body, URL, f"text/html; charset={charset}"))


# --- regressions: pages that took minutes ----------------------------------------------------

# The old patterns took over a minute on each of these.
bounded = cpu_bounded(5.0)


def test_unclosed_script_openings_are_slimmed_in_one_pass() -> None:
    # 5,000 openings that never close, in a page past the slimming threshold: 14 s before.
    page = "<html><body>" + "<script>x" * 5000 + "a" * 200_000
    assert bounded(slim)(page) == page
    assert bounded(embedded_article_html)(page) is None


def test_unclosed_script_tags_without_a_closing_bracket_are_slimmed_in_one_pass() -> None:
    page = "<html><body><p>text</p>" + "<script <style " * 20_000 + "a" * 200_000
    assert bounded(slim)(page) == page


def test_a_script_of_escaped_quotes_is_scanned_in_one_pass() -> None:
    # A literal opened and never closed, of 20,000 escaped quotes: 18 s before.
    page = '<html><body><script>var s = "\\u003cp' + '\\"' * 20_000 + "</script></body></html>"
    assert bounded(embedded_article_html)(page) is None


def test_slimming_keeps_json_ld_whole_and_text_between_scripts() -> None:
    # A script tag written inside JSON-LD's text (escaped as <\/script>) no longer cuts it short.
    ld = '<script type="application/ld+json">{"articleBody": "<script>x<\\/script>"}</script>'
    page = f"<p>one</p><SCRIPT src=a.js></script ><p>two</p>{ld}<style>p{{}}</style><p>three</p>"
    padded = page + " " * 200_000
    assert slim(padded).strip() == f"<p>one</p><p>two</p>{ld}<p>three</p>"


def test_script_elements_leave_unclosed_ones_and_read_later_kinds() -> None:
    text = "<script>never closed <style>s</style><script>a</script>"
    found = [(e.kind, e.content) for e in script_elements(text)]
    # The first script runs to the later closing tag, as a browser reads it; the style is inside.
    assert found == [("script", "never closed <style>s</style><script>a")]
    assert [(e.kind, e.content) for e in script_elements("<script>x<style>y</style>")] == [("style", "y")]


def test_an_unclosed_title_that_swallows_a_long_page_is_read_in_one_pass() -> None:
    # The page's 500 KB became its <title>, from which the headline's witnesses took labels off
    # at each of its 6,400 dashes, keying the text before each: over a minute before.
    story = "".join(f"<p>Paragraph {n} of the story - with a dash.</p>" for n in range(6400))
    page = f"<html><head><title>Repairs finished early - Courier</head><body><h1>Repairs</h1>{story}"
    with contextlib.suppress(EXTRACTION_ERRORS):
        bounded(extract_article)(page, URL)


def test_a_short_literal_does_not_hide_the_long_one_after_it() -> None:
    # A double quote in a single-quoted string pairs with the one that opens the story.
    story = "".join(f"<p>Paragraph {n} of the story, long enough to count as text.</p>" for n in range(12))
    script = "<script>var a = 'say \"hi'; var b = \"" + story + '";</script>'
    assert embedded_article_html(f"<html><body>{script}</body></html>") == story


@pytest.mark.parametrize("snippet", inputs.INJECTIONS)
def test_each_injection_into_a_fixture_page_extracts_or_refuses(snippet: bytes) -> None:
    page = PAGES[0]
    middle = len(page) // 2
    extracts_or_refuses(PageInput(page[:middle] + snippet + page[middle:], URL))


def test_an_archived_copy_of_an_unreadable_url_is_the_copy_s_own() -> None:
    # A Wayback URL is fetchable when the URL it archived is not: its site was read from the
    # archived one, and urlsplit raised ValueError on the open IPv6 host.
    page = (FIXTURES / "news/2024/03/14/farmers-fallow-fields-solar-gardens.html").read_bytes()
    article = extract_article(page, "https://web.archive.org/web/20240101000000/http://[::1/news/story")
    assert article.site == "web.archive.org"
    archived = extract_article(
        page, "https://web.archive.org/web/20240101000000/https://example.com/news/story"
    )
    assert archived.site == "example.com"


@pytest.mark.parametrize("offset", ["+99:99", "+25:00", "-24:00"])
def test_a_date_with_an_impossible_offset_costs_only_that_date(offset: str) -> None:
    # A date only htmldate reads (http-equiv), with an offset beyond a day: it raised ValueError
    # out of its search of the page's dates.
    paragraphs = "".join(
        f"<p>Paragraph {n} of a story about the council and its flood defences.</p>" for n in range(8)
    )
    page = (
        f'<html><head><meta http-equiv="date" content="2024-03-12T10:00:00{offset}"><title>Council approves'
        f" flood defences budget</title></head><body><article><h1>Council approves flood defences budget"
        f"</h1>{paragraphs}</article></body></html>"
    )
    article = extract_article(page, "https://example.com/news/council-approves-flood-defences-budget")
    assert article.headline == "Council approves flood defences budget"
