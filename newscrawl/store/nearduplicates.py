"""Near-duplicate look-up: stored articles whose simhash is within a few bits, by indexed bands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from newscrawl.extraction.fingerprint import hamming
from newscrawl.store.models import SIMHASH_BANDS, ArticleRow, band_mask, simhash_band

# Simhashes per statement: four IN lists of this many values each.
CHUNK = 500
# The most differing bits the bands find every match for: two simhashes within this many
# bits agree on at least one of SIMHASH_BANDS bands. Beyond it some matches are missed.
EXACT_BITS = SIMHASH_BANDS - 1


def simhash_bands(simhash: int) -> tuple[int, ...]:
    """The values the band indexes hold for `simhash` (models.simhash_band)."""
    return tuple(simhash & band_mask(band) for band in range(SIMHASH_BANDS))


def near_duplicates(session: Session, wanted: Mapping[str, int], max_bits: int) -> dict[str, str]:
    """For each URL key -> simhash in `wanted`, the URL key of another stored article within
    `max_bits` bits, the closest one; one indexed statement per CHUNK simhashes, no scan.

    Candidates are the stored articles that share a band with one of `wanted`; exact for
    `max_bits` up to EXACT_BITS.
    """
    found: dict[str, str] = {}
    items = [(key, simhash) for key, simhash in wanted.items() if simhash]
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        values: list[set[int]] = [set() for _ in range(SIMHASH_BANDS)]
        for _key, simhash in chunk:
            for band, value in enumerate(simhash_bands(simhash)):
                values[band].add(value)
        condition = or_(
            *(simhash_band(ArticleRow.simhash, band).in_(sorted(v)) for band, v in enumerate(values))
        )
        stored: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        for key, simhash in session.execute(select(ArticleRow.url_key, ArticleRow.simhash).where(condition)):
            for band, value in enumerate(simhash_bands(simhash)):
                stored[(band, value)].append((key, simhash))
        for key, simhash in chunk:
            candidates = {
                (hamming(simhash, other), other_key)
                for band, value in enumerate(simhash_bands(simhash))
                for other_key, other in stored.get((band, value), [])
                if other_key != key
            }
            close = min((c for c in candidates if c[0] <= max_bits), default=None)
            if close is not None:
                found[key] = close[1]
    return found
