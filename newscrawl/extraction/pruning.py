"""What is cut from a page before trafilatura reads it: never body text, and a site's drop rules.

Most generic rules only take small elements: some sites put "share" or "related" on their main
wrapper, write a gallery's story into its captions, or put the whole article in <noscript> for
crawlers.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.etree import Element, XPath

_SMALL = XPath("self::*[count(.//p) < 3 and string-length(normalize-space(.)) < 600]")
_ALWAYS_TAGS = frozenset({"iframe"})
_SMALL_TAGS = frozenset({"figcaption", "noscript"})
# A class containing any of these, or holding the word 'tags' (XPath's own whitespace only).
_SMALL_CLASSES = re.compile(
    r"wp-caption-text|tag-list|article-tags|post-tags|newsletter|related|share|breadcrumb|access-wall"
    r"|(?:^|[ \t\r\n])tags(?:[ \t\r\n]|$)"
)


def furniture_nodes(tree: Any) -> list[Any]:
    """The elements of `tree` that are never body text, in document order."""
    # A walk in Python with one regular expression per class: the same rules as one XPath
    # expression took twice as long, libxml2 testing each class with ten contains() calls
    # (1.6 against 0.7 ms a page on trafilatura-eval).
    return [element for element in tree.iter(Element) if _is_furniture(element)]


def _is_furniture(element: Any) -> bool:
    tag = element.tag
    if tag in _ALWAYS_TAGS:
        return True
    small_kind = tag in _SMALL_TAGS or _SMALL_CLASSES.search(element.get("class") or "")
    return bool(small_kind and _SMALL(element))


class Pruning:
    """The elements to cut from a page: generic furniture, then what a site's `drop` XPaths
    select. Called as trafilatura calls the XPath expressions it prunes with; every element is
    found before any is cut, so a site's expression sees the whole page."""

    def __init__(self, drop: list[str]) -> None:
        self.drop = [XPath(expression) for expression in drop]

    def __call__(self, tree: Any) -> list[Any]:
        return furniture_nodes(tree) + [element for expression in self.drop for element in expression(tree)]
