"""What a full-text search may ask: its words, within caps on how many and how long."""

from __future__ import annotations

import re
import unicodedata

# Each word is one more posting list to intersect and one more term to rank and highlight:
# 2,000 words took SQLite 145 s, 300 took PostgreSQL 20 s. A real question needs far fewer.
MAX_SEARCH_TERMS = 32
# Characters, after the cleanup below: the parser reads the query as written (phrases, OR,
# -word), so its length bounds the work even when few of it are words.
MAX_SEARCH_LENGTH = 512
# Within the caps a search over 10,000 articles takes well under a second (see
# benchmarks/search_bounds.py); the limit is for far larger stores, where a common word
# would otherwise keep a database server busy long after its user gave up.
SEARCH_TIMEOUT_SECONDS = 10.0
# PostgreSQL's statement_timeout takes milliseconds up to 2**31 - 1: a day is well inside.
MAX_SEARCH_TIMEOUT_SECONDS = 86_400.0

# A search's word: what FTS5's unicode61 tokenizer and PostgreSQL's parser both split on.
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchRefused(ValueError):
    """A search beyond the caps: the message says which and by how much, in one line."""


def search_text(query: str) -> str:
    """The query as the databases may read it, or SearchRefused when it is beyond the caps.

    Control characters (NUL included) and lone surrogates (undecodable bytes of a command
    line) cannot be bound as text on every database, and match nothing stored; they become
    spaces. Then the text is put in Unicode's composed form (NFC), in which web pages are
    nearly always written, so that a letter and its accent typed apart are one letter and one
    word; the caps count that text.
    """
    cleaned = unicodedata.normalize("NFC", "".join(" " if _unreadable(c) else c for c in query))
    if len(cleaned) > MAX_SEARCH_LENGTH:
        raise SearchRefused(
            f"search query is {len(cleaned)} characters long; at most {MAX_SEARCH_LENGTH} are allowed"
        )
    count = len(_WORD.findall(cleaned))
    if count > MAX_SEARCH_TERMS:
        raise SearchRefused(f"search query has {count} words; at most {MAX_SEARCH_TERMS} are allowed")
    return cleaned


def check_timeout(seconds: float) -> float:
    """`seconds` if a search may run that long, else SearchRefused."""
    if not 0 < seconds <= MAX_SEARCH_TIMEOUT_SECONDS:  # NaN fails both comparisons
        raise SearchRefused(f"search timeout must be above 0 and at most {MAX_SEARCH_TIMEOUT_SECONDS:g} s")
    return seconds


def _unreadable(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Cs")
