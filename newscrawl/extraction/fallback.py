"""Whether trafilatura's fallback comparison may be skipped: the page shows the body is right."""

from __future__ import annotations

from typing import Any

from newscrawl.extraction.text import word_count

# trafilatura's own tests (trafilatura/external.py) for a body its fallbacks may beat: shorter
# than this many characters, or holding page furniture its cleaning should have removed.
MIN_TRUSTED_CHARS = 250
_UNCLEAN = (
    ".//aside|.//audio|.//button|.//fencedframe|.//fieldset|.//figure|.//footer|.//iframe|.//input"
    "|.//label|.//link|.//nav|.//noindex|.//noscript|.//object|.//option|.//select|.//source|.//svg"
    "|.//time"
)
# What a body read without the fallback comparison must hold to be trusted: these many
# paragraphs and words, and this share of the story the page shows (its declared articleBody,
# or the prose of its <article>), but not more than this many times it, which is a page
# whose <article> is not the story (chosen on the datasets: benchmarks/extraction_quality.py).
MIN_TRUSTED_PARAGRAPHS = 3
MIN_TRUSTED_WORDS = 150
MIN_SHOWN_SHARE = 0.75
MAX_SHOWN_TIMES = 2


def trusted_without_fallback(document: Any, paragraphs: list[str], shown: int) -> bool:
    """Whether the body trafilatura's main extractor read alone is one its fallback comparison
    would keep. `paragraphs` are its blocks as body_blocks reads them; `shown` is how many
    words of story the page shows (0: it shows none).

    The comparison runs readability and jusText over the page and costs as much as the main
    extractor, and changes the body of one dataset page in eighteen: readability wins where it reads
    twice as much or the body has no paragraphs, jusText where the body is short or unclean.
    The story the page shows stands in for readability's.
    """
    body = getattr(document, "body", None)
    if not shown or body is None or len(document.text or "") < MIN_TRUSTED_CHARS or body.xpath(_UNCLEAN):
        return False
    marked = len(body.findall(".//p"))
    if not marked or len(body.findall(".//table")) > marked:
        return False
    read = sum(word_count(paragraph) for paragraph in paragraphs)
    if len(paragraphs) < MIN_TRUSTED_PARAGRAPHS or read < MIN_TRUSTED_WORDS:
        return False
    return MIN_SHOWN_SHARE * shown <= read <= MAX_SHOWN_TIMES * shown + MIN_TRUSTED_WORDS / 2
