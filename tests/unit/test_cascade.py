"""The cascade's fast and full results are bare_extraction's, whichever is asked for first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from newscrawl.extraction.body import run_trafilatura
from newscrawl.extraction.cascade import Cascade
from newscrawl.extraction.dom import parse
from newscrawl.extraction.pruning import Pruning

ROOT = Path(__file__).resolve().parents[2]
URL = "https://news.example/2024/05/02/harbour-dredging.html"
SENTENCE = "The harbour board voted on Tuesday to dredge the eastern channel before the autumn storms"
LINKS = "".join(f"<li><a href='/s/{n}'>Another story on the harbour, number {n}</a></li>" for n in range(40))
FORUM = (
    '<script type="application/ld+json">{"@type": "DiscussionForumPosting", "headline": "Dredging"}</script>'
)

# Pages that take each of the cascade's turns: a story its main extractor trusts, one it reads
# too little of (its recovery of loose text, the baseline), ones whose story is a small part
# of the page's text (the recall escalation, readability, jusText), a block printed twice and
# line breaks left around removed slots (the main extractor's tidying), a page of links, a
# forum thread whose comment sections are its posts, a page of nothing.
PAGES = {
    "story": f"<html><body><nav>{LINKS}</nav><article>"
    + "".join(f"<p>{SENTENCE}, said member {n}.</p>" for n in range(12))
    + "</article><div class='comments'><p>First!</p></div></body></html>",
    "short": f"<html><body><div>{SENTENCE}.</div><ul>{LINKS}</ul></body></html>",
    "loose": "<html><body><div class='main'>"
    + "<br><br>".join(f"{SENTENCE}, said member {n}" for n in range(6))
    + f"</div><footer><ul>{LINKS}</ul></footer></body></html>",
    "boxed": "<html><body><article><p>"
    + f"{SENTENCE}, said the chair. " * 3
    + "</p></article>"
    + "".join(f"<div class='card'>{SENTENCE}, wrote reader {n} in a letter.</div>" for n in range(30))
    + "</body></html>",
    "spans": "<html><body><main>"
    + f"<p>{SENTENCE}, said the chair.</p>" * 2
    + "</main><section>"
    + "".join(f"<div><span>{SENTENCE}, wrote reader {n} in a long letter.</span></div>" for n in range(30))
    + "</section></body></html>",
    "tables": "<html><body><article><p>"
    + f"{SENTENCE}, said the chair. " * 3
    + "</p></article>"
    + "".join(f"<table><tr><td>{SENTENCE}, row {n}.</td></tr></table>" for n in range(30))
    + "</body></html>",
    "lists": "<html><body><article><p>"
    + f"{SENTENCE}, said the chair. " * 3
    + "</p></article>"
    + f"<ul>{LINKS}</ul><ul>{LINKS}</ul></body></html>",
    "repeated": "<html><body><article>"
    + "".join(f"<p>{SENTENCE}, said member {n}.</p>" for n in range(5))
    + f"<p>{SENTENCE}, said all.</p>" * 2
    + "</article></body></html>",
    "breaks": "<html><body><article><div>"
    + "".join(f"{SENTENCE}, said member {n}.<br>\n <div class='ad-slot'></div>\n <br>" for n in range(8))
    + "</div></article></body></html>",
    "links": f"<html><body><h1>Harbour</h1><ul>{LINKS}</ul><p>{SENTENCE}.</p></body></html>",
    "forum": f"<html><head>{FORUM}</head><body><div class='comments'>"
    + "".join(f"<div class='comment'><p>{SENTENCE}, wrote reader {n}.</p></div>" for n in range(8))
    + "</div></body></html>",
    "empty": "<html><body><div></div></body></html>",
}
FIXTURES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "fixtures").rglob("*.html"))


def _same(document: Any) -> tuple[str, bytes] | None:
    return None if document is None else (document.text, etree.tostring(document.body))


def _check(html: str, prune: list[str], full_first: bool) -> None:
    tree = parse(html)
    before = etree.tostring(tree)
    cascade = Cascade(tree, URL, Pruning(prune))
    modes = [False, True] if full_first else [True, False]
    for fast in modes:
        found = cascade.fast if fast else cascade.full
        assert _same(found) == _same(run_trafilatura(tree, URL, prune, fast=fast)), f"fast={fast}"
    assert etree.tostring(tree) == before, "the page's own tree is only read"


@pytest.mark.parametrize("full_first", [False, True])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_turn_of_the_cascade(name: str, full_first: bool) -> None:
    _check(PAGES[name], [], full_first)


def test_a_site_s_own_pruning() -> None:
    _check(PAGES["story"], ["//nav"], full_first=False)


@pytest.mark.parametrize("path", FIXTURES)
def test_the_fixture_pages(path: str) -> None:
    _check((ROOT / path).read_text(encoding="utf-8"), [], full_first=False)
