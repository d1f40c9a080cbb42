"""Tags of an article: declared keywords first, then rel=tag links and 'Tags:' blocks."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newscrawl.extraction.text import comparable, element_text
from newscrawl.sites import SiteRules

# Containers whose class or id names them as the article's tag list.
TAG_BLOCK_XPATH = (
    "//*[self::div or self::ul or self::section or self::nav or self::p or self::footer]"
    "[re:test(concat(@class, ' ', @id), '(^|[\\s_-])(tags?|tag-?list|tagcloud|article-tags|"
    "post-tags|entry-tags|keywords|topics?|themen|schlagworte|etiquetas|mots-cles)([\\s_-]|$)', 'i')]"
    "//a"
)
REL_TAG_XPATH = "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"
_LABEL = re.compile(r"^(tags?|topics?|themen|schlagwörter|keywords|mots-clés|etiquetas)\s*:?\s*$", re.I)
_NS = {"re": "http://exslt.org/regular-expressions"}


def _dedupe(tags: list[str]) -> list[str]:
    seen: set[str] = set()
    unique: list[str] = []
    for tag in tags:
        key = comparable(tag)
        if key and key not in seen and len(tag) <= 80:
            seen.add(key)
            unique.append(tag)
    return unique


def find_tags(tree: lxml_html.HtmlElement, rules: SiteRules | None = None) -> tuple[list[str], str]:
    """Tags shown on the page itself (not meta), with the source that produced them."""
    if rules and rules.tags:
        found = [element_text(n) for n in tree.xpath(rules.tags)]
        if found:
            return _dedupe(found), "site-rules"
    found = [element_text(a) for a in tree.xpath(REL_TAG_XPATH)]
    if found:
        return _dedupe(found), "rel-tag"
    found = [
        text
        for text in (element_text(a) for a in tree.xpath(TAG_BLOCK_XPATH, namespaces=_NS))
        if text and not _LABEL.match(text)
    ]
    return _dedupe(found), "tag-block"


def clean_declared(tags: list[str]) -> list[str]:
    """Declared keywords minus empties and repeats, in order."""
    return _dedupe([t.strip() for t in tags if t.strip()])
