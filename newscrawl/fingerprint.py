"""Body fingerprints: an exact content hash and a 64-bit simhash for near-duplicates."""

from __future__ import annotations

import hashlib
import re

from newscrawl.textkey import comparable

_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(body: str) -> str:
    """SHA-256 of the body with case, punctuation and spacing normalised away."""
    return hashlib.sha256(comparable(body).encode("utf-8")).hexdigest()


# Odd multipliers, one per position in a shingle, so that 'a b c' and 'c b a' hash apart.
_POSITION_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)


def simhash(body: str, shingle: int = 3) -> int:
    """A signed 64-bit simhash over word shingles; close bodies give close hashes."""
    # Imported here: extraction workers compute simhashes, and the crawl process, which only
    # compares them (hamming), starts its first request sooner without numpy.
    import numpy

    words = _WORD.findall(body.casefold())
    if not words:
        return 0
    # Each distinct word is hashed once; a shingle's hash mixes its words' hashes by position.
    vocabulary = {word: index for index, word in enumerate(dict.fromkeys(words))}
    digests = b"".join(hashlib.blake2b(word.encode(), digest_size=8).digest() for word in vocabulary)
    word_hashes = numpy.frombuffer(digests, dtype=">u8").astype(numpy.uint64)
    hashes = word_hashes[numpy.fromiter((vocabulary[w] for w in words), dtype=numpy.int64, count=len(words))]
    count = max(1, len(words) - shingle + 1)
    grams = numpy.zeros(count, dtype=numpy.uint64)
    for position in range(min(shingle, len(words))):
        grams ^= hashes[position : position + count] * numpy.uint64(_POSITION_MULTIPLIERS[position % 3])
    # One row of 64 bits per shingle; a bit of the simhash is set where most rows set it.
    bits = numpy.unpackbits(grams.astype(">u8").view(numpy.uint8).reshape(count, 8), axis=1)
    majority = bits.sum(axis=0, dtype=numpy.int64) * 2 > count
    unsigned = int.from_bytes(numpy.packbits(majority).tobytes(), "big")
    # Signed so that it fits a BIGINT column on every database.
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def hamming(a: int, b: int) -> int:
    """Bits that differ between two simhashes."""
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
