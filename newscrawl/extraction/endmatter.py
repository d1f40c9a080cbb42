"""The lines that close a page after its story: a list of sources or references, a credit of
the sources ('Sources: AP, Reuters'), numbered citations.

Only a run at the very end of a body is end matter, and only with its label or its citation
marks: a closing paragraph of the story has neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The title of a list of sources or references, alone on its line.
_SOURCES_LABEL = re.compile(
    r"^(article )?(sources?|quellen(angaben)?|fuentes|sources et références)\s*:?$",
    re.IGNORECASE,
)
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
# The lines under a sources label are citations, not paragraphs of this many words.
MAX_CITATION_WORDS = 60
# A sources label this far from the end (in blocks) may still head the body's last lines.
MAX_LISTED = 15


def _is_citation(line: str) -> bool:
    if _SOURCES_LINE.match(line) and len(line.split()) <= MAX_SOURCES_LINE_WORDS:
        return True
    return bool(_NUMBERED.match(line) and _CITED.search(line))


def end_matter_start(paragraphs: Sequence[str]) -> int:
    """The index of the first block of the body's closing end matter; len(paragraphs) if none.

    A sources label in the body's second half opens end matter when every line after it is
    short; otherwise a run of citation lines at the end is end matter."""
    count = len(paragraphs)
    for index in range(count - 1, max(count // 2, count - MAX_LISTED) - 1, -1):
        if _SOURCES_LABEL.match(paragraphs[index].strip()):
            if all(len(line.split()) <= MAX_CITATION_WORDS for line in paragraphs[index + 1 :]):
                return index
            break
    start = count
    while start > 0 and _is_citation(paragraphs[start - 1]):
        start -= 1
    # A numbered list goes as a whole or not at all: one whose earlier entries cite nothing
    # may be the story's own (steps, a ranking) ending with a source or two.
    if start > 0 and _NUMBERED.match(paragraphs[start - 1]):
        return count
    return start
