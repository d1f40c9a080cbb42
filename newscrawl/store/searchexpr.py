"""A parsed search as each backend reads it: an FTS5 MATCH expression, a PostgreSQL tsquery text.

Every piece of user text is quoted as the backend's literal (FTS5's "string" of a term's
words, tsquery's 'value' of a term's text), so none is ever read as an operator; both are then
bound as parameters, never spliced into SQL.
"""

from __future__ import annotations

import re

from newscrawl.store.searchparse import ParsedQuery, Term

# PostgreSQL's text search configuration per stored language code (the article's primary
# language subtag): the Snowball stemmers PostgreSQL 13 and newer ship. Anything else, or no
# language, is 'simple' (lower case, no stemming, no stop words). Migration 0002 writes the
# same table into the stored search_config column; a test checks that the two agree.
PG_CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
PG_FALLBACK_CONFIG = "simple"


def pg_config(language: str | None) -> str:
    """The configuration of an article in `language`, as migration 0002's column computes it."""
    code = (language or "").replace("_", "-").split("-")[0].lower()
    return PG_CONFIGS.get(code, PG_FALLBACK_CONFIG)


# As in searchparse: a term's last word, which a prefix applies to.
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_match(query: ParsedQuery) -> str:
    """`query` as an FTS5 MATCH expression; every word is a quoted string, so never an operator."""
    required = " AND ".join(_fts5_group(group) for group in query.groups)
    if not query.excluded:
        return required
    return f"({required}) NOT ({' OR '.join(_fts5_term(term) for term in query.excluded)})"


def _fts5_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _fts5_term(group[0])
    return "(" + " OR ".join(_fts5_term(term) for term in group) + ")"


def _fts5_term(term: Term) -> str:
    # A string of several words is a phrase to FTS5; '*' after it makes its last word a prefix.
    phrase = '"' + " ".join(term.words).replace('"', '""') + '"'
    return phrase + "*" if term.prefix else phrase


def tsquery_text(query: ParsedQuery) -> str:
    """`query` in to_tsquery's syntax: each word a quoted lexeme, which the configuration stems."""
    parts = [_ts_group(group) for group in query.groups]
    parts += [f"!{_ts_term(term)}" for term in query.excluded]
    return " & ".join(parts)


def tsquery_highlight(query: ParsedQuery) -> str:
    """Any of the query's words, for ts_headline to mark: the whole query (a long phrase, a
    repeated word) made it cost ten times more per article, for the same passage."""
    marks: dict[str, None] = {}
    for term in (term for group in query.groups for term in group):
        pieces = [piece for piece in term.text.split() if _WORD.search(piece)]
        for number, piece in enumerate(pieces, 1):
            prefix = term.prefix and number == len(pieces)
            marks[_lexeme(_WORD.findall(piece)[-1]) + ":*" if prefix else _lexeme(piece)] = None
    return " | ".join(marks)


def _ts_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _ts_term(group[0])
    return "(" + " | ".join(_ts_term(term) for term in group) + ")"


def _ts_term(term: Term) -> str:
    # PostgreSQL's parser reads "1.5", "example.org" and "x-ray" as words of their own, and
    # FTS5 as two words each: the term matches as either, so that "x-ray" finds "x ray" on
    # both backends and "example.org" finds "example.org" on PostgreSQL too.
    forms = list(
        dict.fromkeys([_ts_text(term.text, term.prefix), _ts_text(" ".join(term.words), term.prefix)])
    )
    return forms[0] if len(forms) == 1 else "(" + " | ".join(forms) + ")"


def _ts_text(text: str, prefix: bool) -> str:
    # The text in one quoted string: to_tsquery runs it through the parser and the
    # configuration as it did the article, and makes a phrase (<->) of several words, keeping
    # their distances when it drops a stop word. ':*' after it makes each of its words a
    # prefix, so a phrase's last word is quoted on its own then.
    pieces = [piece for piece in text.split() if _WORD.search(piece)]
    if not prefix:
        return _lexeme(text)
    if len(pieces) == 1:
        return _lexeme(pieces[0]) + ":*"
    return f"({_lexeme(' '.join(pieces[:-1]))} <-> {_lexeme(pieces[-1])}:*)"


def _lexeme(text: str) -> str:
    # Inside quotes tsquery reads only \ and ' as special: escaped, any text is a value there,
    # never an operator.
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
