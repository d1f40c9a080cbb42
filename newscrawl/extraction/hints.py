"""What the crawl knows of a page before extraction: the listing's fields and the site's rules."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Hints:
    """Fields a feed or sitemap gave for a page, which fill what the page leaves empty.

    Frozen and slotted, of strings and a tuple only: one crosses into a worker with each page,
    so it must pickle small, and a listing's entries are held by the thousand.
    """

    title: str | None = None
    published: str | None = None
    keywords: tuple[str, ...] = ()
    # The date the listing gave, stored with the article: a later one brings it back.
    listing_date: str | None = None
    # A named set of the site's extraction rules (sources file), instead of the URL's own.
    site_rules: str | None = None

    def __reduce__(self) -> tuple[type[Hints], tuple[object, ...]]:
        # The fields by position: a quarter smaller and faster than the slots' default state dict.
        return (Hints, (self.title, self.published, self.keywords, self.listing_date, self.site_rules))


NO_HINTS = Hints()


def hints_values(hints: Hints) -> dict[str, Any]:
    """The hints that say something, as JSON values (kept with a page, see hints_from)."""
    values = {f.name: getattr(hints, f.name) for f in fields(Hints)}
    return {name: list(v) if isinstance(v, tuple) else v for name, v in values.items() if v}


def hints_from(values: dict[str, Any]) -> Hints:
    """The Hints that hints_values gave `values` of; names this newscrawl does not know are left out."""
    known = {f.name for f in fields(Hints)}
    given = {name: value for name, value in values.items() if name in known}
    if "keywords" in given:
        given["keywords"] = tuple(given["keywords"])
    return Hints(**given)
