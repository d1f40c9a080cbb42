"""The story's text as the page's JSON-LD declares it (articleBody), for pages that show less.

Some pages render most of the story in the browser, or keep it in tabs and collapsed blocks
that trafilatura passes over, while their JSON-LD carries all of it. The declared text is
taken only where it is the shown story and much more of it.
"""

from __future__ import annotations

import re
from html import escape, unescape

_HTML_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
# Not '<[^>]*>': from each '<' of a run with no '>' that reads to the end of the text again.
_TAG = re.compile(r"<[^<>]*>")
_WORD = re.compile(r"\w+")
# Word 4-grams: long enough that two different texts share almost none.
SHINGLE = 4
# The declared text must hold this many times the shown text's distinct 4-grams; a page that
# repeats its text inside articleBody does not count twice.
MORE_OF_THE_STORY = 1.5
# This share of the shown text's 4-grams must recur in the declared text. The shown text may
# carry junk the declared one lacks, so the share is well below one.
SAME_STORY = 0.3


def declared_story_html(article_body: str | None, shown: str) -> str | None:
    """articleBody as HTML, where it tells much more of the story than the `shown` text: as it
    is where it holds paragraphs, else a paragraph per line."""
    if not article_body or not tells_more(unescape(_TAG.sub(" ", article_body)), shown):
        return None
    if _HTML_PARAGRAPH.search(article_body):
        return article_body
    lines = unescape(article_body).splitlines()
    return "".join(f"<p>{escape(line.strip())}</p>" for line in lines if line.strip())


def tells_more(declared: str, shown: str) -> bool:
    """Whether `declared` is the story `shown` is a part of, and much more of it."""
    declared_grams, shown_grams = _shingles(declared), _shingles(shown)
    if len(declared_grams) < MORE_OF_THE_STORY * len(shown_grams):
        return False
    return not shown_grams or len(shown_grams & declared_grams) >= SAME_STORY * len(shown_grams)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
