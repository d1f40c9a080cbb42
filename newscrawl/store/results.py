"""What the store answers about articles: the outcome of a save, the state of a stored URL."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Outcome(enum.Enum):
    STORED = "stored"
    DUPLICATE_URL = "duplicate_url"
    DUPLICATE_CONTENT = "duplicate_content"
    # A stored article fetched again by a later run: its text changed, or it did not.
    REVISED = "revised"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FetchState:
    """What the revisit policy needs to know about a stored article."""

    article_id: int
    fetched_at: datetime
    published_at: datetime | None
    listing_date: datetime | None
    revisits: int
    # Known through an alias (a tracking variant, a same-body copy): not the article's own URL.
    # The revisit policy treats both alike; the article's own key wins where both match.
    alias: bool = False


@dataclass(frozen=True)
class SaveResult:
    url: str
    outcome: Outcome
    article_id: int
