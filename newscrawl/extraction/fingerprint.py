"""Body fingerprints: an exact content hash and a 64-bit simhash for near-duplicates."""

from __future__ import annotations

import hashlib
import re

import numpy

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
    digests = b"".join(hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams)
    # One row of 64 bits per shingle; a bit of the simhash is set where most rows set it.
    bits = numpy.unpackbits(numpy.frombuffer(digests, dtype=numpy.uint8).reshape(len(grams), 8), axis=1)
    majority = bits.sum(axis=0, dtype=numpy.int64) * 2 > len(grams)
    unsigned = int.from_bytes(numpy.packbits(majority).tobytes(), "big")
    # Signed so that it fits a BIGINT column on every database.
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def hamming(a: int, b: int) -> int:
    """Bits that differ between two simhashes."""
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
