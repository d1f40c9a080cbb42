"""The headline: structured headline over `<title>`, without site-name prefixes or suffixes."""

from __future__ import annotations

import re
from collections import Counter

from newscrawl.extraction.text import comparable, squash

# An <h1> of fewer words is a logo, a section name or a label.
MIN_HEADLINE_WORDS = 3
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*\|\s*")


def _site_tokens(site: str, site_name: str | None) -> set[str]:
    labels = [label for label in site.split(".") if len(label) > 2][:-1] or site.split(".")[:1]
    tokens = {comparable(label) for label in labels}
    if site_name:
        tokens.add(comparable(site_name))
    return {t for t in tokens if t}


def _is_site_label(segment: str, tokens: set[str]) -> bool:
    key = comparable(segment)
    compact = key.replace(" ", "")
    return bool(key) and any(
        key == token
        or compact == token.replace(" ", "")
        or (token in compact and len(key.split()) <= 4)
        or (compact in token and len(compact) >= 3)
        for token in tokens
    )


def strip_site_name(title: str, site: str, site_name: str | None) -> str:
    """Drop leading and trailing segments that name the site ('Story | The Paper')."""
    tokens = _site_tokens(site, site_name)
    parts = _SEPARATORS.split(title)
    seps = _SEPARATORS.findall(title)
    if len(parts) < 2:
        return title
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_label(parts[end - 1], tokens):
        end -= 1
    while end - start > 1 and _is_site_label(parts[start], tokens):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    rebuilt = parts[start]
    for index in range(start + 1, end):
        rebuilt += seps[index - 1] + parts[index]
    return squash(rebuilt)


def displayed_headline(h1s: list[str], site: str, site_name: str | None) -> str | None:
    """The headline the page shows: its first <h1> that reads like one, not a logo or a label."""
    tokens = _site_tokens(site, site_name)
    for h1 in h1s:
        text = squash(h1)
        if len(text.split()) >= MIN_HEADLINE_WORDS and not _is_site_label(text, tokens):
            return text
    return None


def choose_headline(
    candidates: list[tuple[str | None, str]], h1s: list[str], site: str, site_name: str | None
) -> tuple[str, str]:
    """The headline most of the page's sources agree on; ties go to the displayed <h1>.

    Publishers often write one headline for readers (<h1>) and others for search engines and
    social cards (JSON-LD, og:title); where they differ, what most of them say is what the page
    is known by. `candidates` are (text, source), most trusted first.
    """
    shown = displayed_headline(h1s, site, site_name)
    options = ([(shown, "h1")] if shown else []) + [
        (strip_site_name(squash(text), site, site_name), source) for text, source in candidates if text
    ]
    if not options:
        return "", "none"
    votes = Counter(comparable(text) for text, _ in options)
    best = max(votes.values())
    for text, source in options:
        if votes[comparable(text)] == best:
            return text, source
    return options[0]
