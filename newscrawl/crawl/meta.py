"""The roles a request plays in a crawl, and every key newscrawl sets in a request's meta."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Why a request was made. A StrEnum: components that compare with the plain strings
    ("article", "start") keep working, and a request pickled into a queue stays small."""

    START = "start"  # a URL the crawl was given: an article, a listing or a home page
    LISTING = "listing"  # a feed, sitemap or sitemap index found for the crawl
    ARTICLE = "article"  # a page a listing or a home page's links named as an article
    LINK = "link"  # a page followed only for its links (below a home page)


# Roles whose response is a listing or may be one: asked conditionally, a 304 let through.
LISTING_ROLES = frozenset({Role.START, Role.LISTING})
# Roles of the pages a crawl is limited in (--max-pages).
PAGE_ROLES = frozenset({Role.ARTICLE, Role.LINK})

ROLE = "newscrawl_role"  # a Role
DEPTH = "newscrawl_depth"  # int: links followed from the start page to this one
HINTS = "newscrawl_hints"  # Hints: what the listing said of an article
LISTING_DATE = "newscrawl_listing_date"  # str: the date the listing gave (the seen-set's revisits)
HOME = "newscrawl_home"  # str: on a listing asked for a home page, that page's URL
PROBE = "newscrawl_probe"  # bool: a listing asked for at a usual location, which may well be missing
RELEASED = "newscrawl_backlog"  # bool: released by the backlog, whose count it must come back to
