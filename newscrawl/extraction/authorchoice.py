"""A page's writers: the markup's or the byline's (choices.authors), then fallbacks in their order."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newscrawl.extraction import choices
from newscrawl.extraction.choices import Found
from newscrawl.extraction.markedauthor import labelled_names
from newscrawl.extraction.signature import signed_names

if TYPE_CHECKING:
    from newscrawl.extraction.page import ArticlePage

# A fallback reads the page and the names chosen so far; it gives the writers in their place,
# or None to leave the choice to the next one.
Fallback = Callable[["ArticlePage", list[str]], Found[list[str]] | None]


def page_authors(page: ArticlePage) -> Found[list[str]]:
    chosen = choices.authors(
        page.declared_authors, page.declared_people, page.data, page.metadata, page.site, page.byline
    )
    for fallback in FALLBACKS:
        if found := fallback(page, chosen.value):
            return found
    return chosen


def _signed(page: ArticlePage, chosen: list[str]) -> Found[list[str]] | None:
    """Where the markup names only the publisher and nothing else names a writer, a name signed
    under the story does: papers that print no byline sign there instead."""
    publisher_only = chosen and chosen == page.declared_authors and not page.declared_people
    if publisher_only and (signed := signed_names(page.tree, page.blocks.paragraphs)):
        return Found(signed, "signature")
    return None


def _previewed(page: ArticlePage, chosen: list[str]) -> Found[list[str]] | None:
    """Where nothing else names a writer, a link preview's 'Written by' pair may."""
    if not chosen and page.data.preview_authors:
        return Found(page.data.preview_authors, "meta:twitter:data")
    return None


def _in_author_slot(page: ArticlePage, chosen: list[str]) -> Found[list[str]] | None:
    """Else the template's author slot, unlabelled."""
    if not chosen and page.marked_people:
        return Found(page.marked_people, "author-class")
    return None


def _labelled(page: ArticlePage, chosen: list[str]) -> Found[list[str]] | None:
    """Else a name printed after a label ('Author: Jane Doe')."""
    if chosen:
        return None
    labelled = choices.not_the_publisher(labelled_names(page.tree), page.site, page.data.site_name)
    return Found(labelled, "label") if labelled else None


def _printed_instead(page: ArticlePage, chosen: list[str]) -> Found[list[str]] | None:
    """The names the byline prints where the chosen ones are logins or carry a job glued
    after the name; those of the author's slot only for a job glued after them: the slot
    holds a label as often as a name ('Posted by', 'More posts'), and a login is how many
    blogs and forums print their writers."""
    if not chosen:
        return None
    if names := choices.login_names(chosen, page.byline) or choices.unglued_names(chosen, page.byline):
        return Found(names, "byline")
    # The author's slot is read only where the names call for it: reading it walks the page.
    if choices.could_be_glued(chosen) and (names := choices.unglued_names(chosen, page.marked_people)):
        return Found(names, "author-class")
    return None


FALLBACKS: tuple[Fallback, ...] = (_signed, _previewed, _in_author_slot, _labelled, _printed_instead)
