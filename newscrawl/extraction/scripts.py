"""Script and style elements of raw markup, found in one linear pass however the page is broken.

A single regular expression (`<script[^>]*>.*?</script>`) rescans the rest of the page from
every opening tag that is never closed: a hostile page of 20,000 `<script>` openings and 200 kB
of text took over a minute. Here each opening tag and each closing tag is searched for once,
and once a kind has no closing tag left, its later openings are not looked at again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_OPENING = re.compile(r"<(script|style)\b", re.IGNORECASE)
_CLOSING = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}


@dataclass(frozen=True)
class Element:
    """One closed script or style element: where it starts and ends, its tag and its content."""

    kind: str
    start: int
    end: int
    tag: str
    content: str


def script_elements(text: str, kinds: tuple[str, ...] = ("script", "style")) -> Iterator[Element]:
    """The closed `kinds` elements of `text`, in order; an unclosed one is left as text."""
    unclosed: set[str] = set()
    position = 0
    while (opening := _OPENING.search(text, position)) is not None:
        kind = opening.group(1).lower()
        position = opening.end()
        if kind not in kinds or kind in unclosed:
            continue
        tag_end = text.find(">", position)
        if tag_end < 0:
            return  # no '>' anywhere after: no tag can end, of either kind
        closing = _CLOSING[kind].search(text, tag_end + 1)
        if closing is None:
            unclosed.add(kind)
            continue
        yield Element(
            kind,
            opening.start(),
            closing.end(),
            text[opening.start() : tag_end + 1],
            text[tag_end + 1 : closing.start()],
        )
        position = closing.end()
