"""The date a page prints beside its headline: for pages that declare none in their markup, and
as a check on the one they declare.

A story's byline block (author, date, section) follows the headline within a few lines, or sits
just above it with the kicker ('January 23, 2025' over the headline); a date found there is the
story's, where a date search over the whole page may find a sidebar's, a comment's or the
site's "today".
"""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extraction.dates import parse_local
from newscrawl.extraction.nearby import Heading
from newscrawl.textkey import squash

# How far under the headline a dateline is printed, in non-empty text nodes (nearby.py reads
# how far above).
MAX_TEXTS_AFTER = 12
# Longer text is prose that may mention a date, not a dateline.
MAX_DATELINE_CHARS = 80
MAX_DATELINE_WORDS = 8
# 'Updated April 10, 2025' is when the story last changed, not when it was published.
_UPDATED = re.compile(
    r"^(last )?(updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato)\b", re.IGNORECASE
)
# Themes print both times, the modified one classed so: <time class="updated">. A post never
# modified has one time classed as both ("entry-date published updated").
_UPDATED_CLASSES = ("updated", "modified")

# A lead photo's caption often dates the photo ('… um Bachmut, 24. April 2023'), not the story.
_IN_CAPTION = "ancestor-or-self::*[self::figure or self::figcaption or contains(@class, 'caption')]"


def shown_date(headings: list[Heading], *, above: bool = True) -> str | None:
    """The first date written within a few lines under a heading that shows the headline, else
    (with `above`) in the few just above it. A heading printed for search engines alone has no
    date by it, and the next one is read."""
    for heading in headings:
        # Below the headline first, then upwards from it: what is further up may end another
        # story's teaser.
        nodes = heading.below[:MAX_TEXTS_AFTER] + (heading.above if above else [])
        if found := next(filter(None, map(_dateline, nodes)), None):
            return found
    return None


def _dateline(node: Any) -> str | None:
    """The date of publication a text node (lxml's string, with its element) prints, if any:
    its text, or where that is ambiguous ('10/12/2023'), its <time>'s machine-readable form."""
    text = squash(str(node))
    parent = node.getparent()
    classes = parent.get("class") or ""
    if (
        len(text) > MAX_DATELINE_CHARS
        or len(text.split()) > MAX_DATELINE_WORDS
        or _UPDATED.match(text)
        or (any(name in classes for name in _UPDATED_CLASSES) and "published" not in classes)
        or parent.xpath(_IN_CAPTION)
    ):
        return None
    if parse_local(text):
        return text
    machine = parent.get("datetime") if parent.tag == "time" and not node.is_tail else None
    return machine if machine and any(c.isdigit() for c in text) and parse_local(machine) else None
