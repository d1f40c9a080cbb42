"""Article HTML that a client-rendered page ships inside its scripts instead of its markup.

Next.js, Nuxt and similar front ends often send the story as an HTML string in a JSON or
JavaScript payload and build the paragraphs in the browser; the markup itself then holds no
body at all. The largest string holding several paragraphs is that story.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
# A JavaScript/JSON string literal long enough to hold an article's HTML.
_LITERAL = re.compile(r'"((?:[^"\\]|\\.){400,})"', re.DOTALL)
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
        fragment for script in _SCRIPT.finditer(page) for fragment in _fragments(script.group(1), MAX_NESTING)
    )
    return max(fragments, key=len, default=None)


def _fragments(code: str, depth: int) -> Iterator[str]:
    """Decoded string literals of `code` that hold several paragraphs, innermost first."""
    if not any(marker in code for marker in _ESCAPED_PARAGRAPH):
        return
    for literal in _LITERAL.finditer(code):
        try:
            value = json.loads(f'"{literal.group(1)}"')
        except ValueError:
            continue
        if len(_PARAGRAPH.findall(value)) < MIN_PARAGRAPHS:
            continue
        inner = list(_fragments(value, depth - 1)) if depth > 1 else []
        yield from inner or [value]
