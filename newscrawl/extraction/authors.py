"""Author names: bylines split into people, with 'By', roles and e-mail addresses removed."""

from __future__ import annotations

import re

from newscrawl.extraction.dates import is_month_name
from newscrawl.extraction.tags import clean_declared
from newscrawl.extraction.text import squash

_PREFIX = re.compile(r"^(by|von|par|por|di|de|door|av|af|per|from|autor|autorin|author)\s+", re.IGNORECASE)
# "(obe)", "(cog.)": a desk's initials after a name.
_INITIALS = re.compile(r"\s*\([a-z]{2,5}\.?\)$")
# "(Image: Getty Images)": a picture credit that slipped into a byline.
_PICTURE_CREDIT = re.compile(r"^\(?(image|photo|foto|bild)\s*:", re.IGNORECASE)
_SPLIT = re.compile(
    r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b|\|)\s*", re.IGNORECASE
)
_NOISE = re.compile(
    r"(\S+@\S+|\bhttps?://\S+|\b(staff|reporter|correspondent|editor|redakteur(in)?|updated|"
    r"published|aktualisiert|기자|記者)\b.*$)",
    re.IGNORECASE,
)
# Longer than this is a sentence that slipped into a byline, not a name.
MAX_NAME_WORDS = 6


def clean_authors(raw: list[str]) -> list[str]:
    """['By Jane Doe and John Roe'] -> ['Jane Doe', 'John Roe']."""
    names: list[str] = []
    for value in raw:
        value = _PREFIX.sub("", squash(value))
        for part in _SPLIT.split(value):
            if _PICTURE_CREDIT.match(part):
                continue
            part = squash(_INITIALS.sub("", _NOISE.sub("", _PREFIX.sub("", part)))).strip(" .-–—:")
            # A date that the split left in pieces ('Jane Doe, October 3, 2025') is not a name.
            if (
                part
                and len(part.split()) <= MAX_NAME_WORDS
                and not part.isdigit()
                and not is_month_name(re.sub(r"[\d.]", "", part))
            ):
                names.append(part)
    return clean_declared(names)
