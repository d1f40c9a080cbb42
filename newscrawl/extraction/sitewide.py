"""Whether a tag block is one every page of a site repeats: its footer, sidebar index or teasers."""

from __future__ import annotations

import re

from lxml import html as lxml_html

# The page's footer (not an article's own <footer>, where blogs print a post's tags): its
# topic links are the site's ('Impressum', 'Datenschutz', 'Cookie-Manager').
_PAGE_FOOTER_XPATH = (
    "ancestor-or-self::footer[not(ancestor::article)] | ancestor-or-self::*[@role='contentinfo']"
)
_SIDEBAR_XPATH = (
    "ancestor-or-self::aside[not(ancestor::article)] | ancestor-or-self::*[@role='complementary']"
)
# A sidebar may show the story's few tags; one listing more than this is the site's topic index,
# the same on every page ('Wladimir Putin', 'Ukraine', … twenty of them).
MAX_SIDEBAR_TAGS = 12
# Boxes of other stories, named as templates name them ('related-stories', 'trending'): their
# topics are those stories'.
_TEASERS = re.compile(
    r"(^|[\s_-])(related|recommended|recommendations|trending|most-?read|most-?popular|more-from)"
    r"(?=[\s_-]|$)",
    re.IGNORECASE,
)


def is_site_wide(block: lxml_html.HtmlElement, links: int) -> bool:
    """Whether the tag block, with this many links, indexes the site rather than tags the story."""
    if block.xpath(_PAGE_FOOTER_XPATH):
        return True
    if links > MAX_SIDEBAR_TAGS and block.xpath(_SIDEBAR_XPATH):
        return True
    return any(
        _TEASERS.search(f"{node.get('class') or ''} {node.get('id') or ''}") for node in block.iterancestors()
    )
