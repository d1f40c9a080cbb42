"""The simhash is indexed as two 32-bit bands instead of four 16-bit ones.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

A 16-bit band value is shared by one stored article in 65,536, so each near-duplicate
look-up read about 15 candidates a band from a store of a million, and the cost of a crawl
grew with its store. A 32-bit band value is shared by almost none; a look-up asks each band
for the value and its 32 one-bit neighbours instead (nearduplicates.band_probes), and every
article written updates two indexes instead of four.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _indexes(bands: int, name: str) -> list[tuple[str, str]]:
    """(index name, masked-simhash expression) for `bands` equal bands of the 64 bits."""
    width = 64 // bands
    made = []
    for band in range(bands):
        mask = ((1 << width) - 1) << (band * width)
        signed = mask - (1 << 64) if mask >= 1 << 63 else mask
        made.append((f"ix_articles_simhash_{name}{band}", f"simhash & {signed}"))
    return made


_QUARTERS = _indexes(4, "band")
_HALVES = _indexes(2, "half")


def _swap(drop: list[tuple[str, str]], create: list[tuple[str, str]]) -> None:
    # Written as SQL, not op.create_index: the expression must read exactly as models.py's
    # simhash_band renders it, or SQLite will not use the index for the look-up.
    for name, expression in create:
        op.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON articles (({expression}), simhash)"))
    for name, _expression in drop:
        op.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))


def upgrade() -> None:
    _swap(_QUARTERS, _HALVES)


def downgrade() -> None:
    _swap(_HALVES, _QUARTERS)
