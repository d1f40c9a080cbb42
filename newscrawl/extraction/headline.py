"""The headline: structured headline over `<title>`, without site-name prefixes or suffixes."""

from __future__ import annotations

import re

from newscrawl.extraction.text import comparable, squash

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


def choose_headline(
    candidates: list[tuple[str | None, str]], h1s: list[str], site: str, site_name: str | None
) -> tuple[str, str]:
    """Pick the first usable candidate, cleaned; an <h1> that it contains wins as the cleaner form.

    `candidates` are (text, source) in order of trust.
    """
    h1_keys = {comparable(h): h for h in h1s if h}
    for text, source in candidates:
        if not text:
            continue
        text = squash(text)
        cleaned = strip_site_name(text, site, site_name)
        key = comparable(cleaned)
        if key in h1_keys:
            return h1_keys[key], "h1"
        # "<h1> | Site" with an unknown site name: the h1 is the headline.
        for h1_key, h1 in h1_keys.items():
            if len(h1_key) > 15 and key.startswith(h1_key) and len(h1_key) >= 0.5 * len(key):
                return h1, "h1"
        return cleaned, source if cleaned == text else f"{source}+stripped"
    for h1 in h1s:
        if h1:
            return h1, "h1"
    return "", "none"
