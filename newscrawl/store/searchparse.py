"""The search language, read once for both backends: words, "phrases", OR, -exclusion, prefix*.

newscrawl parses queries itself instead of handing them to a database: FTS5's MATCH syntax
and PostgreSQL's tsquery functions read different languages (FTS5 has no `-word`, OR is a
word to websearch_to_tsquery only in lower case, a stray quote or NEAR( is a syntax error in
FTS5), and neither is safe for raw user input. Parsed here, a query means the same on both,
and what reaches a database is built from words alone (searchexpr.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawl.store.searchquery import SearchRefused

# The words of a term: what FTS5's unicode61 tokenizer and PostgreSQL's parser both keep.
# Anything else (quotes, operators, punctuation) separates words and never reaches SQL.
_WORD = re.compile(r"\w+", re.UNICODE)
# A bare term runs to the next space or double quote.
_BARE = re.compile(r'[^\s"]+')
_OR = "OR"
# FTS5 and PostgreSQL's GIN index read every word that begins with a prefix: 16 one-letter
# prefixes OR'd took SQLite 3 s over 10,000 articles (benchmarks/search_bounds.py).
MIN_PREFIX_LENGTH = 3


@dataclass(frozen=True)
class Term:
    """One word, or a phrase's words in order; `prefix`: its last word may be any word it begins.

    `text` is the term as written, without its quotes, '-' and '*': PostgreSQL's parser reads
    it whole, as it read the article (1.5 and example.com are one word to it, two to FTS5).
    """

    words: tuple[str, ...]
    prefix: bool = False
    text: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    """Every group must match (each group: any of its terms), and none of `excluded` may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    def words(self) -> list[str]:
        """The distinct words the query looks for (not those it excludes), in order."""
        return list(dict.fromkeys(w for group in self.groups for term in group for w in term.words))

    @property
    def empty(self) -> bool:
        return not self.groups


@dataclass(frozen=True)
class _Item:
    term: Term | None  # None: the OR operator
    excluded: bool = False


def parse(cleaned: str) -> ParsedQuery:
    """The query that `cleaned` (searchquery.search_text's output) asks, or SearchRefused.

    Words are all required; `a OR b` needs either (OR binds tighter than the space between
    words, as in web search engines: `flood OR storm damage` is (flood or storm) and damage);
    `"a b"` is a phrase; `-a` and `-"a b"` exclude; `a*` and `"a b"*` match by prefix. An
    unclosed quote runs to the end. Parts without a word (`-`, `*`, emoji) are ignored; a query
    of no words at all asks nothing and matches nothing.
    """
    items = _items(cleaned)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    for position, item in enumerate(items):
        if item.term is None:
            before = items[position - 1] if position else None
            after = items[position + 1] if position + 1 < len(items) else None
            if before is None or after is None or before.term is None or after.term is None:
                raise SearchRefused("search query: OR needs a word or phrase on each side")
            if before.excluded or after.excluded:
                raise SearchRefused("search query: OR joins words or phrases, not an exclusion (-word)")
        elif item.excluded:
            excluded.append(item.term)
        elif position and items[position - 1].term is None:
            groups[-1].append(item.term)
        else:
            groups.append([item.term])
    if excluded and not groups:
        raise SearchRefused("search query only excludes (-word); add a word or phrase to look for")
    unique = dict.fromkeys(tuple(dict.fromkeys(group)) for group in groups)
    return ParsedQuery(tuple(unique), tuple(dict.fromkeys(excluded)))


def _items(text: str) -> list[_Item]:
    items: list[_Item] = []
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        excluded = (
            text.startswith("-", position) and position + 1 < len(text) and not text[position + 1].isspace()
        )
        start = position + 1 if excluded else position
        if text.startswith('"', start):
            end = text.find('"', start + 1)
            end = len(text) if end < 0 else end
            body, position = text[start + 1 : end], end + 1
            prefix = text.startswith("*", position)
            position += prefix
        else:
            bare = _BARE.match(text, start)
            # A '-' is an exclusion only before something that is neither a space nor the end.
            assert bare is not None, "a bare term starts at a character that is no space or quote"
            body, position = bare.group(), bare.end()
            if body == _OR and not excluded:
                items.append(_Item(None))
                continue
            prefix = body.endswith("*")
            body = body.rstrip("*")
        words = tuple(_WORD.findall(body))
        if words and prefix and len(words[-1]) < MIN_PREFIX_LENGTH:
            shortest = f"at least {MIN_PREFIX_LENGTH} letters before its *"
            raise SearchRefused(f"search query: a prefix needs {shortest} ({words[-1]}*)")
        if words:
            items.append(_Item(Term(words, prefix, body.strip()), excluded))
    return items
