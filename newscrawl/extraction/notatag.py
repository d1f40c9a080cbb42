"""What a page's keyword list holds besides its tags: a wire's distribution codes and the URL's slug."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from newscrawl.textkey import comparable

# The feeds a wire service sends a story out on ('NE State Wire', 'XY Top News'): who receives
# the story, not what it is about. Written as the wires write them, capitals and all, so that a
# subject such as 'The Wire' or 'Top news of the week' stays.
_FEED = re.compile(r"^(?:[A-Z]{2}\s+State\s+Wire|[A-Z]{2,4}\s+Top\s+News)$")
# A routing code: capitals, digits and code punctuation ('INDG08', 'PACKAGE:US-TOP-NEWS').
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9:_\-/.]*$")
# A list is a routing list when most of it is codes: then 'US' or 'UN' there is a code too,
# while in a list of words a few capitals ('NATO', 'WHO') are the subjects they spell.
MIN_CODES = 5
# A trailing id a CMS adds to a slug ('-151f82b5…', '_1_12328678').
_SLUG_ID = re.compile(r"[-_](?:[0-9a-f]{12,}|\d[\d_]*)$")
# Fewer words than this in common with the slug may be chance ('israel' in a slug and a list).
MIN_SLUG_WORDS = 3


def keywords_not_tags(keywords: list[str], url: str) -> list[str]:
    """The keywords that name the story's subjects: without distribution codes and the URL slug."""
    codes = [keyword for keyword in keywords if _CODE.match(keyword.strip())]
    routing = len(codes) >= MIN_CODES and len(codes) * 2 >= len(keywords)
    kept = [
        keyword
        for keyword in keywords
        if not _FEED.match(keyword.strip()) and not (routing and _CODE.match(keyword.strip()))
    ]
    return _without_slug(kept, _slug_words(url))


def _slug_words(url: str) -> list[str]:
    """The words of the URL's last path segment, its extension and trailing id removed."""
    segment = unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1]
    segment = _SLUG_ID.sub("", segment.rsplit(".", 1)[0] if "." in segment else segment)
    return [word for word in re.split(r"[-_+]+", segment.casefold()) if word]


def _without_slug(keywords: list[str], slug: list[str]) -> list[str]:
    """Keywords a CMS filled from the URL's slug are the slug, not the story's subjects: one
    keyword that spells the slug's words ('trump harris presidential election …'), or a list
    made only of the slug cut into words ('mueren', 'seis', 'personas', …)."""
    if len(slug) < MIN_SLUG_WORDS:
        return keywords
    spelled = " ".join(slug)
    kept = [keyword for keyword in keywords if comparable(keyword) != spelled]
    words = set(slug)
    if len(kept) >= MIN_SLUG_WORDS and all(comparable(keyword) in words for keyword in kept):
        return []
    return kept
