"""trafilatura's metadata search, run only for the fields the page's markup leaves out.

Its own entry point, extract_metadata(), searches for everything: the author through bylines,
the date through htmldate, categories and tags through links, the licence, the site's name.
Most of that is either declared in the markup we read ourselves or never used, and the author
and date searches alone cost more than half of it. So its steps are called here one by one, in
its order, and only those whose answer will be read.
"""

from __future__ import annotations

import logging
from typing import Any

from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_author, extract_catstags, extract_meta_json
from trafilatura.settings import Document, set_date_params

from newscrawl.extraction.text import storable

logger = logging.getLogger(__name__)


def page_metadata(page: Any, url: str, *, author: bool, date: bool) -> Document:
    """The markup's metadata as trafilatura reads it, plus a search for the author's byline
    (`author`) and for the date through the page's text (`date`)."""
    found = examine_meta(page)
    # trafilatura's own rule: a one-word meta author is a handle or the site, not a name.
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = extract_meta_json(page, found)
    except Exception as error:  # trafilatura guards its own JSON-LD reader the same way
        logger.debug("trafilatura's JSON-LD reader failed on %s: %s", url, error)
    if author and not found.author:
        found.author = extract_author(page)
    if date:
        found.date = _a_day(_searched_date(page, url))
    found.clean_and_trim()
    # trafilatura reads the page's JSON-LD itself, whose escapes can spell NUL and lone surrogates.
    for name in ("author", "date", "description"):
        if isinstance(value := getattr(found, name, None), str):
            setattr(found, name, storable(value))
    for name in ("categories", "tags"):
        if isinstance(values := getattr(found, name, None), list):
            setattr(found, name, [storable(v) for v in values if isinstance(v, str)])
    return found


def _searched_date(page: Any, url: str) -> str | None:
    """htmldate's date of the page, or None where a date it reads breaks it."""
    try:
        return find_date(page, url=url, **set_date_params(extensive=True))
    except (ValueError, OverflowError) as error:
        # htmldate builds a datetime of any offset it reads ('+99:99') and of any year
        # ('9999-12-31' plus a zone), and raises from inside; the page keeps its other dates.
        logger.debug("htmldate failed on %s: %s", url, error)
        return None


def _a_day(found: str | None) -> str | None:
    """htmldate's date unless it is only a year: where it finds no day, it falls back on a
    copyright notice or a lone year and dates the page 1 January, a day nobody printed."""
    # A story htmldate did find printed on 1 January loses its date too. On the datasets, none
    # of its 13 answers of 1 January was the day of publication.
    return None if found and found.endswith("-01-01") else found


def page_tags(page: Any, found: Document) -> list[str] | str | None:
    """Tags, else categories: declared in the markup, else linked from the page."""
    return (
        found.tags or extract_catstags("tag", page) or found.categories or extract_catstags("category", page)
    )
