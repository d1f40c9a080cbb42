"""A title's labels: the site's name ('Story | The Paper') and the sections the page is filed
under ('Story | Opinion'), told apart from the headline they surround."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscrawl.textkey import comparable, squash

# A site label beside a headline is at most this long ('paper aktuell', 'The Paper').
MAX_LABEL_WORDS = 4
SEPARATORS = re.compile(r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*\|\s*")


# A country's second level is no name: 'example.co.uk', 'example.com.au'.
_SECOND_LEVELS = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv"})


def site_tokens(site: str, site_name: str | None) -> set[str]:
    labels = site.split(".")[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVELS:
        labels = labels[:-1]
    labels = [label for label in labels if len(label) > 2] or site.split(".")[:1]
    tokens = {comparable(label) for label in labels}
    if site_name:
        tokens.add(comparable(site_name))
    return {t for t in tokens if t}


def is_site_label(segment: str, tokens: set[str]) -> bool:
    compact = _label_key(segment)
    # Words as written: comparable() splits "Gregory Szorc's" in three.
    short = len(segment.split()) <= MAX_LABEL_WORDS
    # Initials are matched against the tokens as they are; the rest against them unspaced.
    keys = {token.replace(" ", "") for token in tokens}
    return bool(compact) and (
        any(
            compact == key or (key in compact and short) or (compact in key and len(compact) >= 3)
            for key in keys
        )
        or (short and _initials(segment) in tokens)
    )


# Words a name's initials skip: 'Bureau of Labor Statistics' is bls.gov.
_NAME_LINKS = {"of", "and", "for", "the", "&"}


def _initials(name: str) -> str:
    """'Economic Research Service' → 'ers'; '' unless every word is capitalised, so that a
    phrase is not read as a name."""
    words = [word for word in name.split() if word not in _NAME_LINKS]
    if len(words) < 3 or not all(word[0].isupper() for word in words):
        return ""
    return "".join(word[0] for word in words).casefold()


def names_site(text: str, site: str, site_name: str | None) -> bool:
    """Whether `text` is exactly the site's own name or domain ('PAPER.de', 'The Paper'); unlike
    a headline's label, not just a part of it ('Jane D' writes janedk.example, but is not it)."""
    compact = _label_key(text)
    names = {*site_tokens(site, site_name), comparable(site)}
    return bool(compact) and compact in {name.replace(" ", "") for name in names}


def section_labels(url: str, section: str | None) -> frozenset[str]:
    """The names of the sections a page is filed under: its declared section and the folders of
    its URL path ('/story/opinion/contributors/…' is filed under 'opinion'), as label keys."""
    # The last part of the path is the story's own slug, which may spell its headline.
    folders = urlsplit(url).path.strip("/").split("/")[:-1]
    # Folders without letters are dates or ids ('/2025/12/'): a headline may begin with a year.
    # Long ones are slugs set before an id ('/meditation-health-benefits/87830855007/').
    names = [f.replace("-", " ").replace("_", " ") for f in folders if any(c.isalpha() for c in f)]
    names = [name for name in names if len(name.split()) <= MAX_LABEL_WORDS]
    return frozenset(_label_key(name) for name in [*names, section or ""] if _label_key(name))


def _label_key(text: str) -> str:
    return comparable(text).replace(" ", "")


def strip_site_name(
    title: str, site: str, site_name: str | None, sections: frozenset[str] = frozenset()
) -> str:
    """Drop leading and trailing segments that name the site ('Story | The Paper') or one of the
    `sections` the page is filed under ('Story | Opinion'; see section_labels)."""
    title = _without_labels(title, site_tokens(site, site_name), sections)
    # A domain set before the headline with no separator ('example.com Story'); after it, the
    # domain may be the sentence's own ('15 Jahre example.net').
    return re.sub(rf"^(?:www\.)?{re.escape(site)}\s+(?=\S)", "", title, flags=re.IGNORECASE)


# Labels a theme writes into every title after the site's name: WordPress's default theme and
# its many descendants title a post 'Site » Blog Archive » Story'.
_TEMPLATE_LABELS = frozenset({"blogarchive", "blogarchiv"})


def _without_labels(title: str, tokens: set[str], sections: frozenset[str]) -> str:
    parts = SEPARATORS.split(title)
    seps = SEPARATORS.findall(title)
    if len(parts) < 2:
        return title

    def is_label(segment: str) -> bool:
        key = _label_key(segment)
        # An empty segment is what a label left between two separators ('Story | | Site').
        return not key or is_site_label(segment, tokens) or key in sections

    # What comes before a template's label is the site's name, whether it is known or not.
    templated = [i for i, part in enumerate(parts[:-1]) if _label_key(part) in _TEMPLATE_LABELS]
    start, end = (templated[-1] + 1 if templated else 0), len(parts)
    while end - start > 1 and is_label(parts[end - 1]):
        end -= 1
    while end - start > 1 and is_label(parts[start]):
        start += 1
    # What follows the site's name is its tagline ('Story | Site | Dein Fischereimagazin').
    named = [i for i in range(start + 1, end) if is_site_label(parts[i], tokens)]
    end = named[0] if named else end
    if (start, end) == (0, len(parts)):
        return title
    rebuilt = parts[start]
    for index in range(start + 1, end):
        rebuilt += seps[index - 1] + parts[index]
    return squash(rebuilt)
