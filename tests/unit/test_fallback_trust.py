"""trafilatura's fallback comparison is skipped only where the page shows the body is the story;
pages that are none are refused before any body is read."""

from __future__ import annotations

from typing import Any

import pytest

from newscrawl.extraction.blocks import body_blocks
from newscrawl.extraction.body import run_trafilatura, story_blocks
from newscrawl.extraction.classify import check_page
from newscrawl.extraction.dom import parse
from newscrawl.extraction.errors import NotAnArticle
from newscrawl.extraction.fallback import trusted_without_fallback
from newscrawl.extraction.structured import read_structured_data

URL = "https://news.example/2024/05/02/harbour-dredging.html"
SENTENCE = "The harbour board voted on Tuesday to dredge the eastern channel before the autumn storms arrive"


def _page(paragraphs: int, *, aside: str = "") -> str:
    story = "".join(f"<p>{SENTENCE}, said member number {n} of the board.</p>" for n in range(paragraphs))
    return (
        "<html><head><title>Harbour dredging</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Harbour to be dredged</h1>{story}</article>{aside}</body></html>"
    )


def _read(paragraphs: int) -> tuple[Any, list[str], int]:
    document = run_trafilatura(parse(_page(paragraphs)), URL, [], fast=True)
    blocks = body_blocks(document)
    return document, blocks.paragraphs, sum(len(p.split()) for p in blocks.paragraphs)


def test_a_body_as_long_as_the_story_the_page_shows_is_trusted() -> None:
    document, paragraphs, words = _read(10)
    assert words >= 150
    assert trusted_without_fallback(document, paragraphs, words)


@pytest.mark.parametrize(
    ("shown", "why"),
    [(0, "the page shows no story"), (10_000, "far less than the page shows"), (20, "far more")],
)
def test_a_body_the_page_does_not_vouch_for_is_not(shown: int, why: str) -> None:
    document, paragraphs, _ = _read(10)
    assert not trusted_without_fallback(document, paragraphs, shown), why


def test_a_short_body_is_not_trusted() -> None:
    document, paragraphs, words = _read(2)
    assert not trusted_without_fallback(document, paragraphs, words)


def test_the_body_is_the_same_with_or_without_the_comparison_where_trusted() -> None:
    tree = parse(_page(10))
    full = body_blocks(run_trafilatura(tree, URL, []))
    assert story_blocks(tree, URL, []).paragraphs == full.paragraphs


@pytest.mark.parametrize("url", ["https://news.example/", "https://news.example/tag/harbour/"])
def test_a_home_or_listing_url_without_an_article_declaration_is_refused_from_its_markup(url: str) -> None:
    tree = parse(_page(10))
    with pytest.raises(NotAnArticle):
        check_page(url, read_structured_data(tree), tree)


def test_the_same_url_declaring_an_article_is_not() -> None:
    declared = _page(10).replace("<head>", '<head><meta property="og:type" content="article">')
    tree = parse(declared)
    check_page("https://news.example/", read_structured_data(tree), tree)


def test_a_page_that_shows_no_story_is_read_with_the_comparison() -> None:
    # No <article> and no declared articleBody: nothing vouches for the main extractor's body,
    # a short one here, which the comparison replaces with the rows the page holds.
    story = f"<div class='story'><p>{f'{SENTENCE}, said the chair. ' * 3}</p></div>"
    rows = "".join(f"<table><tr><td>{SENTENCE}, row {n}.</td></tr></table>" for n in range(30))
    tree = parse(f"<html><body>{story}{rows}</body></html>")
    fast = body_blocks(run_trafilatura(tree, URL, [], fast=True))
    full = body_blocks(run_trafilatura(tree, URL, []))
    assert fast.paragraphs != full.paragraphs
    assert story_blocks(tree, URL, []).paragraphs == full.paragraphs
