"""Text helpers of the extraction steps: storable text, element text, word counts.

Comparison keys and whitespace (squash, comparable) are in newscrawl/textkey.py, shared with the
store and the crawl.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from newscrawl.textkey import squash

# C0 control characters other than tab and line breaks, and lone surrogates: JSON-LD's escapes
# can spell both ('\u0000', '\udcff'), no reader sees them, and no database takes them as text
# (PostgreSQL refuses NUL, a surrogate cannot be encoded as UTF-8).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def storable(text: str) -> str:
    """The text without characters that cannot be stored: see _UNSTORABLE."""
    return _UNSTORABLE.sub("", text)


# '{{section.heading.text}}', '${title}': a client-side template's slot that no script filled.
_TEMPLATE_SLOT = re.compile(r"\{\{.*?\}\}|\$\{.*?\}")


def unrendered(text: str) -> bool:
    """Whether the text still holds a template's placeholder instead of what it stands for."""
    return bool(_TEMPLATE_SLOT.search(text))


def element_text(element: object) -> str:
    """Squashed text content of an lxml element (empty for comments and processing nodes)."""
    text_content = getattr(element, "text_content", None)
    if text_content is None:
        return ""
    try:
        return squash(text_content())
    except ValueError:
        return ""


def element_text_without(element: Any, parts_xpath: str) -> str:
    """Squashed text of an element without the descendants `parts_xpath` selects (an icon's
    <title>, a kicker); the element itself is left as it is."""
    if not element.xpath(parts_xpath):
        return element_text(element)
    trimmed = copy.deepcopy(element)
    for part in trimmed.xpath(parts_xpath):
        part.drop_tree()
    return element_text(trimmed)


# Text only screen readers get: a label ('Legende:', 'Image:') or a joint between parts.
SCREEN_READER_CLASSES = ("offscreen", "sr-only", "visually-hidden", "screen-reader", "aural")


def any_class(names: tuple[str, ...]) -> str:
    """An XPath test: whether an element's class contains any of `names`."""
    return " or ".join(f"contains(@class, '{name}')" for name in names)


# What a label cut off a text leaves at its start (': Ein bisschen Fortschritt', '| Caption').
LEFTOVER_SEPARATORS = " :|-–—·•/"

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words, with two CJK characters counted as one word (those scripts use no spaces)."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk // 2
