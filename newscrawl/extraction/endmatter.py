"""The lines that close a page after its story: a credit of the sources ('Sources: AP,
Reuters'), numbered citations.

Only a run at the very end of a body is end matter, and only with its citation marks: a
closing paragraph of the story has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A line that credits the story's sources: 'Sources: AP, Reuters', 'Quelle: dpa'.
_SOURCES_LINE = re.compile(r"^(sources?|quellen?|fuentes?|with material from)\s*:\s*\S", re.IGNORECASE)
MAX_SOURCES_LINE_WORDS = 30
# A numbered citation: '1. Smith, J. (2019) …', '[2] … Retrieved from https://…'.
_NUMBERED = re.compile(r"^(\[\d{1,3}\]|\d{1,3}[.)]|\^)\s*\S")
_CITED = re.compile(
    r"https?://|\bdoi\b|\bretrieved\b|\baccessed\b|\babgerufen\b|\bet al\b|"
    r"\(\d{4}[a-z]?\)|\b(19|20)\d{2}\.\s",
    re.IGNORECASE,
)


def _is_citation(line: str) -> bool:
    if _SOURCES_LINE.match(line) and len(line.split()) <= MAX_SOURCES_LINE_WORDS:
        return True
    return bool(_NUMBERED.match(line) and _CITED.search(line))


def end_matter_start(paragraphs: Sequence[str]) -> int:
    """The index of the first block of the run of citation lines that closes the body;
    len(paragraphs) if none.

    A list of sources under a bare label ('Sources', 'Why trust us') is left alone: datasets
    made by people keep it as part of the article."""
    count = len(paragraphs)
    start = count
    while start > 0 and _is_citation(paragraphs[start - 1]):
        start -= 1
    # A numbered list goes as a whole or not at all: one whose earlier entries cite nothing
    # may be the story's own (steps, a ranking) ending with a source or two.
    if start > 0 and _NUMBERED.match(paragraphs[start - 1]):
        return count
    return start
