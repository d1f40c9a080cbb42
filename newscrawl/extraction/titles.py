"""The page's titles beside the headline it displays, by kind: structured, seo, social, feed.

Publishers write one headline for readers and others for search engines and social cards, and
datasets (and users) disagree about which is "the" headline: the displayed one is the
headline, and these are kept, each as the page writes it, site name and all.
"""

from __future__ import annotations

from newscrawl.article import TITLE_KINDS
from newscrawl.extraction.headline import as_written

# Where each kind is read, most telling first: the search title is the page's <title>, which
# the meta fields copy more often than not.
_SOURCES = {
    "structured": ("json-ld",),
    "seo": ("title", "meta:title", "meta:dc.title", "meta:dc:title", "meta:parsely-title", "meta:headline"),
    "social": ("meta:og:title", "meta:twitter:title"),
    "feed": ("hint",),
}
assert tuple(_SOURCES) == TITLE_KINDS


def page_titles(candidates: list[tuple[str | None, str]]) -> dict[str, str]:
    """Each kind's title among the declared `candidates`, (text, source)."""
    said: dict[str, str] = {}
    for text, source in candidates:
        if text and source not in said and (written := as_written(text)):
            said[source] = written
    titles: dict[str, str] = {}
    for kind, sources in _SOURCES.items():
        if found := next((said[source] for source in sources if source in said), None):
            titles[kind] = found
    return titles
