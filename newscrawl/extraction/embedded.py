"""Article HTML that a client-rendered page ships inside its scripts instead of its markup.

Next.js, Nuxt and similar front ends often send the story as an HTML string in a JSON or
JavaScript payload and build the paragraphs in the browser; the markup itself then holds no
body at all. The largest string holding several paragraphs is that story.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from newscrawl.extraction.scripts import script_elements

# The inside of a JavaScript/JSON string literal, from just after its opening quote.
_LITERAL_BODY = re.compile(r'(?:[^"\\]+|\\.)*+', re.DOTALL)
# A literal shorter than this cannot hold an article's HTML.
MIN_LITERAL_CHARS = 400
_ESCAPED_PARAGRAPH = ("\\u003cp", "<p")
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
# Fewer paragraphs than this is a teaser, a caption or a settings blob, not a story.
MIN_PARAGRAPHS = 3
# A payload may be JSON inside a JavaScript string: one level of nesting is unwrapped.
MAX_NESTING = 2
# Scripts are scanned only on pages up to this size; beyond it a page is hostile, not rendered.
MAX_SCANNED_CHARS = 8_000_000


def embedded_article_html(page: str) -> str | None:
    """The largest HTML fragment with paragraphs found in the page's script strings, if any."""
    if len(page) > MAX_SCANNED_CHARS:
        return None
    fragments = (
        fragment
        for script in script_elements(page, ("script",))
        for fragment in _fragments(script.content, MAX_NESTING)
    )
    return max(fragments, key=len, default=None)


def _fragments(code: str, depth: int) -> Iterator[str]:
    """Decoded string literals of `code` that hold several paragraphs, innermost first."""
    if not any(marker in code for marker in _ESCAPED_PARAGRAPH):
        return
    for literal in _literals(code):
        try:
            value = json.loads(f'"{literal}"')
        except ValueError:
            continue
        if len(_PARAGRAPH.findall(value)) < MIN_PARAGRAPHS:
            continue
        inner = list(_fragments(value, depth - 1)) if depth > 1 else []
        yield from inner or [value]


def _literals(code: str) -> Iterator[str]:
    """The insides of the long string literals of `code`, read left to right.

    As a search for a long literal from every quote would, a short one is skipped by its
    opening quote only (its closing quote may open the long one, where a single-quoted string
    held a double quote). But the search stops at the first literal that is never closed: the
    pattern searched from every quote re-read the rest of a script of escaped quotes (\\"\\"...)
    from each of them, quadratic in its length (3 s for 16 kB).
    """
    position = 0
    while (start := code.find('"', position)) >= 0:
        end = _LITERAL_BODY.match(code, start + 1).end()  # type: ignore[union-attr]
        if end >= len(code) or code[end] != '"':
            return
        if end - start - 1 >= MIN_LITERAL_CHARS:
            yield code[start + 1 : end]
            position = end + 1
        else:
            position = start + 1
