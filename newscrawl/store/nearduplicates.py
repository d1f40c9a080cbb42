"""Near-duplicate look-up: stored articles whose simhash is within a few bits, by indexed bands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from newscrawl.fingerprint import hamming
from newscrawl.store.models import SIMHASH_BANDS, ArticleRow, band_mask, simhash_band

# Simhashes per statement: each asks every band for 1 + SIMHASH_BAND_BITS values, so a
# statement binds 2 x 33 x CHUNK of them, within SQLite's 32,766.
CHUNK = 200
# The most differing bits the look-up finds every match for: two simhashes within this many
# bits differ in at most one bit of some band, which the probes cover. Beyond it some
# matches are missed.
EXACT_BITS = 2 * SIMHASH_BANDS - 1


_MASKS = tuple(band_mask(band) for band in range(SIMHASH_BANDS))
# Each band's single bits, as signed 64-bit numbers (bit 63 is -2**63): a probe is the
# band's value with one of them flipped.
_FLIPS = tuple(
    tuple(-(1 << bit) if bit == 63 else 1 << bit for bit in range(64) if band_mask(band) >> bit & 1)
    for band in range(SIMHASH_BANDS)
)


def simhash_bands(simhash: int) -> tuple[int, ...]:
    """The values the band indexes hold for `simhash` (models.simhash_band)."""
    return tuple(simhash & mask for mask in _MASKS)


def band_probes(simhash: int) -> tuple[tuple[int, ...], ...]:
    """For each band, the values a simhash within EXACT_BITS bits of `simhash` may hold
    there: its own and those one bit away."""
    return tuple(
        (value, *(value ^ flip for flip in flips))
        for value, flips in zip(simhash_bands(simhash), _FLIPS, strict=True)
    )


def near_duplicates(session: Session, wanted: Mapping[str, int], max_bits: int) -> dict[str, str]:
    """For each URL key -> simhash in `wanted`, the URL key of another stored article within
    `max_bits` bits, the closest one; no scan.

    Candidates are the stored articles within one bit of one of `wanted` in some band, read
    from the band indexes alone (one statement per CHUNK simhashes); only the few within
    `max_bits` are then read for their keys (one more statement, when there are any). Exact
    for `max_bits` up to EXACT_BITS.
    """
    close: dict[str, list[tuple[int, int]]] = {}
    items = [(key, simhash) for key, simhash in wanted.items() if simhash]
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        stored = _candidates(session, [simhash for _key, simhash in chunk])
        for key, simhash in chunk:
            found = {
                (hamming(simhash, other), article_id)
                for band, values in enumerate(band_probes(simhash))
                for value in values
                for article_id, other in stored.get((band, value), [])
            }
            close[key] = sorted(f for f in found if f[0] <= max_bits)
    ids = sorted({article_id for matches in close.values() for _distance, article_id in matches})
    keys: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(ArticleRow.id, ArticleRow.url_key).where(ArticleRow.id.in_(ids[start : start + CHUNK]))
        )
        keys.update((article_id, url_key) for article_id, url_key in rows)
    # The closest that is another article: a page fetched again matches itself, at distance 0.
    return {
        key: other
        for key, matches in close.items()
        if (other := next((keys[i] for _d, i in matches if keys.get(i, key) != key), None)) is not None
    }


def _candidates(session: Session, simhashes: list[int]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """(id, simhash) of the stored articles holding a probe of any of `simhashes` in a band,
    by (band, value); read from the band indexes, which hold the simhash and the id."""
    values: list[set[int]] = [set() for _ in range(SIMHASH_BANDS)]
    for simhash in simhashes:
        for band, probes in enumerate(band_probes(simhash)):
            values[band].update(probes)
    condition = or_(*(simhash_band(ArticleRow.simhash, band).in_(sorted(v)) for band, v in enumerate(values)))
    stored: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    # A candidate is filed under the bands where it matched a probe, not under every band.
    for article_id, simhash in session.execute(select(ArticleRow.id, ArticleRow.simhash).where(condition)):
        for band, mask in enumerate(_MASKS):
            if (value := simhash & mask) in values[band]:
                stored[(band, value)].append((article_id, simhash))
    return stored
