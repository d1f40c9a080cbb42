"""Body fingerprints: an exact content hash and a 64-bit simhash for near-duplicates."""

from __future__ import annotations

import hashlib
import re

from newscrawl.extraction.text import comparable

_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(body: str) -> str:
    """SHA-256 of the body with case, punctuation and spacing normalised away."""
    return hashlib.sha256(comparable(body).encode("utf-8")).hexdigest()


def simhash(body: str, shingle: int = 3) -> int:
    """A signed 64-bit simhash over word shingles; close bodies give close hashes."""
    words = _WORD.findall(body.casefold())
    if not words:
        return 0
    grams = [" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    weights = [0] * 64
    for gram in grams:
        value = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    unsigned = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    # Signed so that it fits a BIGINT column on every database.
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def hamming(a: int, b: int) -> int:
    """Bits that differ between two simhashes."""
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
