"""When a stored article is fetched again: its listing date moved, or it is young enough."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scrapy.settings import Settings

from newscrawl.store import FetchState


@dataclass(frozen=True)
class RevisitPolicy:
    """`within`: articles younger than this are revisited (zero: never), at most `max_revisits`
    times and never sooner than `after` since their last fetch. A listing date that moved past
    the one recorded at the last fetch always brings a page back."""

    within: timedelta
    max_revisits: int
    after: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> RevisitPolicy:
        return cls(
            within=timedelta(seconds=settings.getfloat("NEWSCRAWL_REVISIT_WITHIN")),
            max_revisits=settings.getint("NEWSCRAWL_MAX_REVISITS"),
            after=timedelta(seconds=settings.getfloat("NEWSCRAWL_REVISIT_AFTER")),
        )

    def due(self, state: FetchState, listing_date: datetime | None, now: datetime) -> str | None:
        """Why the article should be fetched again, or None.

        `state` is the article's, whichever URL led to it: an alias (a tracking variant, the
        URL a canonical replaced) may be the only one a site lists, and when its listing date
        moves the article is fetched again through it; the writer folds it into the same row.
        """
        if listing_date is not None:
            known = state.listing_date or state.fetched_at
            if listing_date > known:
                return "listing_date_moved"
        if not self.within or state.revisits >= self.max_revisits:
            return None
        young = state.published_at is not None and now - state.published_at < self.within
        if young and now - state.fetched_at >= self.after:
            return "young"
        return None
