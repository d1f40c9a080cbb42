"""When two texts are the same: the comparison keys extraction, crawl and store all judge by.

A module of its own, below every layer, so that the store keys tags and matches headlines
exactly as extraction does without importing extraction (import-linter says so).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (including NBSP) to one space and strip."""
    return _SPACE.sub(" ", text or "").strip()


# Soft hyphens, zero-width spaces and joiners: typesetting hints that split words for search and
# tokenisers ('Ver\xadfas\xadsung') without showing anything to a reader.
# (A regex, not str.translate: translate is ten times slower on non-ASCII text.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def visible(text: str) -> str:
    """The text without invisible typesetting characters."""
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=8192)
def comparable(text: str | None) -> str:
    """A key for 'is this the same text': NFKC, case-folded, punctuation and spacing removed."""
    folded = unicodedata.normalize("NFKC", visible(text or "")).casefold()
    return squash(_PUNCT.sub(" ", folded))


# A longer "name" is a sentence or a paragraph that landed in a name's field.
MAX_NAME_LENGTH = 80


def distinct_names(names: list[str]) -> list[str]:
    """Names (tags, authors) stripped, without empties, over-long ones and repeats by
    comparable(), in order: the first spelling of each is kept."""
    seen: set[str] = set()
    unique: list[str] = []
    for name in (n.strip() for n in names):
        key = comparable(name)
        if key and key not in seen and len(name) <= MAX_NAME_LENGTH:
            seen.add(key)
            unique.append(name)
    return unique
