"""Whether a name in a byline is the publisher's: its own name, its domain, or one of its desks."""

from __future__ import annotations

from newscrawl.extraction.sitelabels import names_site
from newscrawl.textkey import comparable

# A desk is the publisher's name and a word or two after it.
MAX_DESK_WORDS = 3
# What follows the publisher's name in a desk's credit: its staff, or a region set in capitals
# as the brand sets itself ('PAPER THÜRINGEN'); a writer's name ('Jane Doe' on jane.example)
# is neither.
_DESK_WORDS = frozenset(
    {"staff", "team", "desk", "newsroom", "redaktion", "rédaction", "redacción", "online"}
)
_ARTICLES = frozenset({"the", "der", "die", "das", "le", "la", "les", "el", "il"})


def is_publisher(name: str, site: str, site_name: str | None) -> bool:
    """Whether `name` names the organisation that publishes the page rather than a writer: the
    site's name or domain, with or without its article ('Paper' for 'The Paper'), or a staff or
    regional desk named after it ('Paper staff', 'PAPER THÜRINGEN')."""
    bare_site_name = _without_article(site_name or "") or None
    if any(
        names_site(candidate, site, known)
        for candidate in (name, _without_article(name))
        for known in (site_name, bare_site_name)
    ):
        return True
    words = name.split()
    if not 1 < len(words) <= MAX_DESK_WORDS:
        return False
    for key in (comparable(bare_site_name), comparable(site.split(".")[0])):
        size = len(key.split())
        if key and size < len(words) and comparable(" ".join(words[:size])) == key:
            rest = words[size:]
            return all(word.isupper() for word in rest) or all(w.casefold() in _DESK_WORDS for w in rest)
    return False


def _without_article(name: str) -> str:
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].casefold() in _ARTICLES else name
