"""A parsed search as each backend reads it: an FTS5 MATCH expression, a PostgreSQL tsquery text.

Both are built from the words of searchparse.Term alone, each quoted as the backend's literal
(FTS5's "string", tsquery's 'lexeme'), so no user text is ever read as an operator; both are
then bound as parameters, never spliced into SQL.
"""

from __future__ import annotations

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
    prefixes = {term.words[-1] for group in query.groups for term in group if term.prefix}
    return " | ".join(_lexeme(word) + (":*" if word in prefixes else "") for word in query.words())


def _ts_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _ts_term(group[0])
    return "(" + " | ".join(_ts_term(term) for term in group) + ")"


def _ts_term(term: Term) -> str:
    # Written as <-> between lexemes, a phrase keeps its distances when the configuration drops
    # a stop word from it ('cat' <-> 'on' <-> 'mat' is 'cat' <2> 'mat' in English).
    lexemes = [_lexeme(word) for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


def _lexeme(word: str) -> str:
    # Inside quotes tsquery reads only \ and ' as special; the parser's words hold neither, but
    # the escape keeps that true whatever a word may hold.
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
