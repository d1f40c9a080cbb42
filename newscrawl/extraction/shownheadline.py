"""The headline a page shows: its <h1>s, read without a kicker or screen-reader text, and the
first of them that reads like a headline rather than a logo, a label or a box's title."""

from __future__ import annotations

import copy
from typing import Any

from newscrawl.extraction.sitelabels import is_site_label, site_tokens
from newscrawl.extraction.text import (
    LEFTOVER_SEPARATORS,
    SCREEN_READER_CLASSES,
    any_class,
    element_text,
    element_text_without,
    unrendered,
)
from newscrawl.textkey import comparable, squash

# An <h1> of fewer words is a logo, a section name or a label.
MIN_HEADLINE_WORDS = 3
# One of more words is a paragraph set large (a teaser, a description); the longest headline
# annotated in the evaluation datasets has 33.
MAX_HEADLINE_WORDS = 35
# A page with this many different <h1>s uses them for every box's title, not for its headline.
MAX_H1S = 5


# Parts of a heading that are not its headline: the kicker set above it ('Eskalation im Nahen
# Osten') and text only screen readers get (the ' - ' that joins the two for them).
_NOT_HEADLINE_CLASSES = (
    "kicker", "overline", "eyebrow", "dachzeile", "spitzmarke", "topline", *SCREEN_READER_CLASSES
)  # fmt: skip


_NOT_HEADLINE = f".//*[{any_class(_NOT_HEADLINE_CLASSES)}]"


def heading_text(heading: Any) -> str:
    """The headline an <h1> shows, without a kicker or screen-reader text inside it."""
    if heading.find(".//br") is not None:
        # A line break shows as a space; text_content() would glue the lines ('(US)Your Guide').
        heading = copy.deepcopy(heading)
        for line_break in heading.iter("br"):
            line_break.tail = " " + (line_break.tail or "")
    # The separator between kicker and headline may be left over (': Ein bisschen Fortschritt').
    shown = element_text_without(heading, _NOT_HEADLINE).lstrip(LEFTOVER_SEPARATORS)
    whole = element_text(heading)
    # A kicker is shorter than its headline; where the part so classed is the longer one, the
    # site names its lines otherwise ('reader__topline' holding the headline under its kicker).
    if len(whole.split()) - len(shown.split()) > len(shown.split()):
        return whole
    return shown


# A masthead <h1> is the site, not the story; a dialog's is a prompt ('Select an option');
# one for screen readers only names the page's parts ('Navigation und Service').
_SHOWN_H1 = f"not(ancestor::dialog) and not({any_class(SCREEN_READER_CLASSES)})"
# descendant::h1, not //h1: libxml2 walks '//article//h1[...]' from every node under every
# <article> (it cannot shorten '//' before a predicate), 16 s for a page of 1,000 <article>s.
_STORY_H1S = f"//article/descendant::h1[{_SHOWN_H1}] | //main/descendant::h1[{_SHOWN_H1}]"
_OTHER_H1S = f"//h1[not(ancestor::header) and not(ancestor::nav) and {_SHOWN_H1}]"


def page_h1s(tree: Any) -> list[str]:
    """The texts of the page's <h1>s, those inside <article> or <main> first."""
    return [heading_text(h) for h in [*tree.xpath(_STORY_H1S), *tree.xpath(_OTHER_H1S)]]


def page_heading(h1s: list[str]) -> str | None:
    """The page's own heading: its first <h1>, unless it sets every box's title in one."""
    return h1s[0] if h1s and not _boxes_titled(h1s) else None


def _boxes_titled(h1s: list[str]) -> bool:
    """Whether the page sets every box's title in an <h1> ('€5', 'Connexion', 'Topnews')."""
    return len(set(h1s)) >= MAX_H1S


def displayed_headline(
    h1s: list[str], site: str, site_name: str | None, declared: frozenset[str] = frozenset()
) -> str | None:
    """The headline the page shows: its first <h1> that reads like one, not a logo or a label,
    and that another witness says too, if one does (`declared` holds their comparable() keys).
    A short one ('Über uns') is a headline only where another witness says it."""
    tokens = site_tokens(site, site_name)
    readable = [
        text
        for text in map(squash, h1s)
        if (len(text.split()) >= MIN_HEADLINE_WORDS or comparable(text) in declared)
        and len(text.split()) <= MAX_HEADLINE_WORDS
        and not is_site_label(text, tokens)
        and not unrendered(text)
        # 'A message from our founder:' introduces something else.
        and not text.endswith(":")
    ]
    # A page-wide banner may be an <h1> too, set before the story's own.
    confirmed = [text for text in readable if comparable(text) in declared]
    # Such a page shows no headline by its <h1>s, unless another witness confirms one of them.
    if not confirmed and _boxes_titled(h1s):
        return None
    return next(iter(confirmed or readable), None)
