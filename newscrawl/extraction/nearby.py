"""The texts a page prints around its headline: the byline block under it, the kicker line above.

The printed date (dateline.py) and a labelled byline (authors.py) are both read there, so the
headings that show the headline are found once, and the texts around each are read once, when
first asked for.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from newscrawl.extraction.headline import repeats_headline
from newscrawl.extraction.text import element_text
from newscrawl.textkey import comparable

# How far under the headline a byline block reaches, and how far above it a kicker line starts,
# in non-empty text nodes.
MAX_TEXTS_BELOW = 20
MAX_TEXTS_ABOVE = 3
_BELOW = f"following::text()[normalize-space()][position() <= {MAX_TEXTS_BELOW}]"
_ABOVE = f"preceding::text()[normalize-space()][position() <= {MAX_TEXTS_ABOVE}]"


class Heading:
    """A heading that shows the headline, and the texts printed around it, nearest first: lxml's
    strings, which know the element that holds them."""

    def __init__(self, element: Any) -> None:
        self.element = element

    @cached_property
    def below(self) -> list[Any]:
        return list(self.element.xpath(_BELOW))

    @cached_property
    def above(self) -> list[Any]:
        # XPath hands back the axis in page order, the farthest first.
        return list(reversed(self.element.xpath(_ABOVE)))


def headings_showing(tree: Any, headline: str) -> list[Heading]:
    """The page's <h1>–<h3> that show `headline`, alone or with a kicker or the site's name
    ('Blog: Headline', 'Headline | Site'), in page order."""
    if not comparable(headline):
        return []
    return [Heading(h) for h in tree.iter("h1", "h2", "h3") if repeats_headline(element_text(h), headline)]
