"""The date a page prints beside its headline, for pages that declare none in their markup.

A story's byline block (author, date, section) follows the headline within a few lines; a date
found there is the story's, where a date search over the whole page may find a sidebar's, a
comment's or the site's "today".
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newscrawl.extraction.dates import parse_local
from newscrawl.extraction.text import comparable, element_text, squash

# How far after the headline a byline block reaches, in non-empty text nodes.
MAX_TEXTS_AFTER = 12
# Longer text is prose that may mention a date, not a dateline.
MAX_DATELINE_CHARS = 80
# 'Updated April 10, 2025' is when the story last changed, not when it was published.
_UPDATED = re.compile(
    r"^(last )?(updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato)\b", re.IGNORECASE
)

# A lead photo's caption often dates the photo ('… um Bachmut, 24. April 2023'), not the story.
_IN_CAPTION = "ancestor-or-self::*[self::figure or self::figcaption or contains(@class, 'caption')]"


def shown_date(tree: lxml_html.HtmlElement, headline: str) -> str | None:
    """The first date written within a few lines after the heading that shows `headline`."""
    key = comparable(headline)
    if not key:
        return None
    for heading in tree.iter("h1", "h2", "h3"):
        if comparable(element_text(heading)) != key:
            continue
        following = heading.xpath(f"following::text()[normalize-space()][position() <= {MAX_TEXTS_AFTER}]")
        for node in following:
            text = squash(str(node))
            if (
                len(text) <= MAX_DATELINE_CHARS
                and not _UPDATED.match(text)
                and parse_local(text)
                and not node.getparent().xpath(_IN_CAPTION)
            ):
                return text
        return None
    return None
