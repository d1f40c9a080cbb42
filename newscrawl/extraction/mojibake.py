"""Text that was UTF-8 read as Latin-1 or Windows-1252 once too often ('doesnâ€™t'), read back.

Some CMSs store a page's UTF-8 bytes as if they were Latin-1 and serve the result as UTF-8, so
the page itself spells "’" as "â€™" and "é" as "Ã©". Only sequences that can be nothing else are
repaired: a lead character a UTF-8 lead byte becomes (Â, Ã, â) followed by characters that were
continuation bytes, and only where the bytes they stand for decode as UTF-8.
"""

from __future__ import annotations

import re

# What the continuation bytes 0x80-0xBF look like read as Latin-1 (U+0080-U+00BF) or as
# Windows-1252 (the same, except that it maps most of 0x80-0x9F to € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž
# ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# Â and Ã lead two-byte characters (U+0080-U+00FF: NBSP, é, ü ...); â leads three-byte ones
# (U+2000-U+2FFF: ’ “ – … €). Other leads are left alone: 'ß“' is German, not mojibake.
_SEQUENCE = re.compile(f"[\u00c2\u00c3][{_CONTINUATION}]|\u00e2[{_CONTINUATION}]{{2}}")
_TELLTALES = ("\u00c2", "\u00c3", "\u00e2")


def _read_back(match: re.Match[str]) -> str:
    garbled = match.group()
    for encoding in ("cp1252", "latin-1"):
        try:
            return garbled.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    return garbled


def repair(text: str) -> str:
    """`text` with doubly encoded UTF-8 sequences turned back into the characters they were."""
    if not any(telltale in text for telltale in _TELLTALES):
        return text
    return _SEQUENCE.sub(_read_back, text)
