"""The article's language: what the page declares, checked against what its text is written in."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SUBTAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
# Below this many characters a statistical guess is no better than the declaration.
MIN_TEXT_FOR_OVERRIDE = 200
# The text model reads this much of the body: its verdict is settled well before, and its cost
# grows with the length.
SAMPLE_CHARS = 1000
# How sure the text model must be before it overrules the page's own declaration.
OVERRIDE_CONFIDENCE = 0.95
# Languages the text model names for filler rather than prose: "Lorem ipsum" placeholder text
# reads as Latin, and says nothing against what the page declares.
_FILLER_GUESSES = frozenset({"la"})


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def primary_subtag(declared: str | None) -> str | None:
    """'en-US' -> 'en', 'pt_BR' -> 'pt'; None for anything that is not a language tag."""
    if not declared:
        return None
    match = _SUBTAG.match(declared.strip())
    return match.group(1).lower() if match else None


def detect_language(declared: str | None, text: str) -> tuple[str | None, str]:
    """(language, source): the declaration unless the text clearly says otherwise."""
    declared_tag = primary_subtag(declared)
    sample = text[:SAMPLE_CHARS]
    if len(sample) < MIN_TEXT_FOR_OVERRIDE:
        return (declared_tag, "declared") if declared_tag else (None, "none")
    guess, confidence = _identifier().classify(sample)
    if declared_tag is None:
        return str(guess), "text"
    if guess != declared_tag and confidence >= OVERRIDE_CONFIDENCE and guess not in _FILLER_GUESSES:
        return str(guess), "text-overrides-declared"
    return declared_tag, "declared"
