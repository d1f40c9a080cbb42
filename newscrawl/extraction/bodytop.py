"""What a body's first blocks print again of the page's top: the kicker and headline, the
standfirst; headings that are only a link to another story; and the lines of a stream of
other stories (each a linked heading and its summary).

trafilatura reads the headline block of many templates as part of the story: the kicker and
the headline as a heading ('Spionagedrehscheibe Schweiz: Ein großer Tummelplatz …', while the
page's headline is worded a little differently), the standfirst as a heading too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lxml.etree import XPath

from newscrawl.article import PARAGRAPH, SUBHEADING
from newscrawl.textkey import comparable

# Only the first blocks of a body can be its page's headline block.
TOP_BLOCKS = 4
# A line that restates the headline shares this share of its words with it, and is short.
MIN_SHARED = 0.8
MIN_RESTATED_WORDS = 3
MAX_RESTATED_WORDS = 25
# A kicker is a word or three set over the headline ('FAQ', 'MENINGSMÅLING:').
MAX_KICKER_WORDS = 3
# 'Kicker: Headline', 'Kicker | Headline', 'Kicker – Headline'.
_KICKER_SEPARATOR = re.compile(r"\s*[:|]\s*|\s+[-–—]\s+")


def _restates(line: str, headlines: Sequence[str], *, after_kicker: bool) -> bool:
    """Whether `line` is one of the headlines in other words, told by a kicker: set before it
    (`after_kicker`), set in it ('Kicker: Headline'), or set in the headline and left out of the
    line. Most of its words are the headline's, in the headline's order (a film's title over its
    review, 'The Garden · Derek Jarman (1990)' under 'Derek Jarman · The Garden', is not)."""
    if line.rstrip().endswith("."):
        return False
    kicker, _, tail = _split_kicker(line)
    for headline in headlines:
        heading_kicker, _, heading_tail = _split_kicker(headline)
        pairs = [(tail, headline)] if kicker else []
        pairs += [(line, headline)] if after_kicker else []
        pairs += [(line, heading_tail)] if heading_kicker else []
        for said_text, told in pairs:
            said, words = comparable(said_text).split(), comparable(told).split()
            short = MIN_RESTATED_WORDS <= len(said) <= MAX_RESTATED_WORDS
            if short and _in_order(said, words) >= MIN_SHARED * len(said):
                return True
    return False


def _split_kicker(line: str) -> tuple[str, str, str]:
    """('Kicker', separator, 'Headline') where the line starts with a kicker; else ('', '', line)."""
    parts = _KICKER_SEPARATOR.split(line, maxsplit=1)
    if len(parts) == 2 and _is_kicker(parts[0]) and parts[0].strip():
        return parts[0], ":", parts[1]
    return "", "", line


def _in_order(said: list[str], words: list[str]) -> int:
    """How many of `said` appear in `words`, each after the one before."""
    found, position = 0, 0
    for word in said:
        if word in words[position:]:
            position = words.index(word, position) + 1
            found += 1
    return found


# A paragraph of the story rather than a line of the headline block.
MIN_PROSE_WORDS = 12
_SENTENCE_ENDS = (".", "!", "?", "…", "“", '"', "»")


def _is_prose(line: str) -> bool:
    return len(line.split()) >= MIN_PROSE_WORDS and line.rstrip().endswith(_SENTENCE_ENDS)


def _is_kicker(line: str) -> bool:
    return len(line.split()) <= MAX_KICKER_WORDS and not line.rstrip().endswith((".", "!", "?"))


def headline_block(paragraphs: Sequence[str], headlines: Sequence[str]) -> set[int]:
    """Indexes of the body's first blocks that are its page's headline block: a line that
    restates a headline (with its kicker or without), and a kicker alone right before it."""
    dropped: set[int] = set()
    for index, line in enumerate(paragraphs[:TOP_BLOCKS]):
        # Below the story's first sentences, a heading that echoes the headline is the
        # story's own ('What is the OBR and what does it do?').
        if _is_prose(line):
            break
        after_kicker = index > 0 and _is_kicker(paragraphs[index - 1])
        if _restates(line, headlines, after_kicker=after_kicker):
            dropped.add(index)
            if index > 0 and _is_kicker(paragraphs[index - 1]):
                dropped.add(index - 1)
    return dropped


def _same_text(one: str, other: str) -> bool:
    """Equal, or one the start of the other (a standfirst cut short for a meta description)."""
    a, b = comparable(one), comparable(other)
    return bool(a and b) and (a == b or (len(b) > len(a) // 2 and a.startswith(b)) or b.startswith(a))


def not_subheadings(
    paragraphs: Sequence[str], kinds: Sequence[str], description: str | None, linked: frozenset[str]
) -> list[str]:
    """The kinds with the standfirst (the page's description) and headings that are only a
    link to another story as paragraphs: neither heads a part of the story."""
    return [
        PARAGRAPH
        if kind == SUBHEADING
        and ((description and _same_text(text, description)) or comparable(text) in linked)
        else kind
        for text, kind in zip(paragraphs, kinds, strict=True)
    ]


# A heading, or a bold line standing alone, whose whole text is one link.
_LINKABLE_TAGS = ("h2", "h3", "h4", "h5", "h6", "strong", "b")
_ONE_LINK_ONLY = XPath(
    "self::*[count(.//a[@href]) = 1][normalize-space(.) = normalize-space(.//a[@href])]"
    # Not a link to a part of the page itself: blogs link each heading to its own anchor.
    "[not(starts-with(.//a/@href, '#'))]"
)


def linked_headings(tree: Any) -> frozenset[str]:
    """Comparison keys of headings that are only a link to another page: a related story set
    in the body as a heading, not a heading of the story."""
    # The tags are found by lxml's own walk and only they are tested: one XPath expression
    # starting '//*[self::h2 or ...]' tested every element of the page, four times as slow.
    return frozenset(
        key
        for node in tree.iter(*_LINKABLE_TAGS)
        if _ONE_LINK_ONLY(node) and (key := comparable(node.text_content()))
    )


# A stream of other stories: items of a list holding at least three of them, each one story's
# linked heading and its one-paragraph summary. The story itself may sit in the same stream,
# opened up: an item of several paragraphs is not one of them.
_TEASER = "count(.//p) = 1 and .//*[self::h2 or self::h3 or self::h4]//a[@href]"
_TEASERS = f"//li[{_TEASER}][parent::ul or parent::ol][count(../li[{_TEASER}]) >= 3]"


def teaser_lines(tree: Any) -> frozenset[str]:
    """Comparison keys of the headings and summaries of a stream of other stories, which
    trafilatura reads as the story's paragraphs where the stream shares the story's wrapper.
    Told apart as lines rather than pruned from the page: taking them out of the tree changes
    which block trafilatura settles on elsewhere on the page."""
    return frozenset(
        key
        for item in tree.xpath(_TEASERS)
        for node in item.xpath(".//p | .//h2 | .//h3 | .//h4")
        if (key := comparable(node.text_content()))
    )
