"""How each field is chosen among the page's witnesses: which source wins, and in what order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from newscrawl.article import Image
from newscrawl.extraction.authors import clean_authors
from newscrawl.extraction.blocks import Body, body_blocks
from newscrawl.extraction.body import run_trafilatura
from newscrawl.extraction.classify import section_label
from newscrawl.extraction.dates import parse_date, parse_local
from newscrawl.extraction.dom import parse
from newscrawl.extraction.figures import find_images, lead_image_fallback, unique_images
from newscrawl.extraction.hints import Hints
from newscrawl.extraction.metasearch import page_tags
from newscrawl.extraction.notatag import keywords_not_tags
from newscrawl.extraction.publisher import is_publisher
from newscrawl.extraction.structured import StructuredData
from newscrawl.extraction.tags import find_tags, post_category, tidy_tags
from newscrawl.extraction.text import element_text
from newscrawl.sites import SiteRules
from newscrawl.textkey import comparable
from newscrawl.urlkey import absolute_url

T = TypeVar("T")

# Printed this many days before the declared date, a date is not the same day in another zone.
MIN_DAYS_EARLIER = 2
_GENERIC_CRUMBS = {"home", "startseite", "accueil", "inicio", "news", "nachrichten"}


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """A field's value and where it came from (provenance: "json-ld", "byline", "none", ...)."""

    value: T
    source: str


NOTHING: Found[Any] = Found(None, "none")


def first_value(*candidates: tuple[Any, str | None]) -> Found[Any]:
    """The first candidate with a value."""
    for value, source in candidates:
        if value:
            return Found(value, source or "unknown")
    return NOTHING


def first_date(*candidates: tuple[Any, str | None]) -> Found[Any]:
    """The first candidate that parses as a date: an unreadable one gives way to the next."""
    return first_value(*((value, source) for value, source in candidates if parse_date(value)))


def printed_earlier(printed: str | None, declared: datetime | None) -> bool:
    """Whether the date printed under the headline is days before the one the markup declares.
    It is then the day of publication, and the declared one a re-publication, an import, or a
    CMS that writes every save into datePublished."""
    day = parse_local(printed)
    return bool(day and declared and (declared.date() - day.date()).days >= MIN_DAYS_EARLIER)


def _fragment_tree(fragment: str) -> Any:
    return parse(f"<html><body><article>{fragment}</article></body></html>")


def fragment_blocks(fragment: str | None, url: str, prune: list[str]) -> tuple[Body, list[str]] | None:
    """Blocks and image captions of story HTML found outside the page's markup."""
    if fragment is None:
        return None
    tree = _fragment_tree(fragment)
    captions = [text for i in find_images(tree, url) for text in (i.caption, i.credit) if text]
    return body_blocks(run_trafilatura(tree, url, prune)), captions


def captioned_images(fragment: str | None, url: str) -> list[Image]:
    """The captioned figures of story HTML found outside the page's markup."""
    if fragment is None:
        return []
    return [image for image in find_images(_fragment_tree(fragment), url) if image.caption or image.credit]


def images(tree: Any, url: str, rules: SiteRules | None, data: StructuredData) -> list[Image]:
    """The page's figures, the lead first, with what JSON-LD adds to their captions and credits."""
    found = find_images(tree, url, rules)
    if not any(i.caption or i.credit for i in found):
        fallback = lead_image_fallback(tree, url, data.og_image, data.og_image_alt)
        found = [fallback] if fallback else found
    declared = unique_images(
        [Image(address, i.caption, i.credit) for i in data.images if (address := absolute_url(url, i.url))]
    )
    if not found:
        return [i for i in declared if i.caption or i.credit] or declared[:1]
    # JSON-LD often knows the credit the figure markup leaves out; its image may be another
    # rendition of the photo (another URL) with the same caption.
    by_url = {i.url: i for i in declared}
    by_caption = {comparable(i.caption): i for i in declared if i.caption}
    for image in found:
        twin = by_url.get(image.url) or by_caption.get(comparable(image.caption))
        if twin:
            image.caption = image.caption or twin.caption
            image.credit = image.credit or twin.credit
    return found


def section(tree: Any, data: StructuredData, rules: SiteRules | None, headline: str) -> Found[str | None]:
    if rules and rules.section:
        found = [element_text(n) for n in tree.xpath(rules.section)]
        if found and found[0]:
            return Found(found[0], "site-rules")
    if data.section:
        return Found(data.section, data.section_source or "meta")
    crumbs = [
        c
        for c in data.breadcrumbs
        if comparable(c) not in _GENERIC_CRUMBS and comparable(c) != comparable(headline)
    ]
    if crumbs:
        return Found(crumbs[-1], "breadcrumbs")
    if category := post_category(tree):
        return Found(category, "category")
    if label := section_label(tree):
        return Found(label, "label")
    return NOTHING


def tags(
    tree: Any, data: StructuredData, rules: SiteRules | None, hints: Hints, document: Any, url: str
) -> Found[list[str]]:
    if rules and rules.tags:
        # Only what the site's own selector finds goes ahead of the declared keywords: a
        # selector that matches nothing (a template changed) leaves the generic order.
        found, source = find_tags(tree, rules)
        if found and source == "site-rules":
            return Found(found, source)
    if declared := tidy_tags(keywords_not_tags(data.tags, url)):
        return Found(declared, data.tags_source or "meta")
    found, source = find_tags(tree)
    if found:
        return Found(found, source)
    if hinted := tidy_tags(keywords_not_tags(list(hints.keywords), url)):
        return Found(hinted, "hint")
    raw = page_tags(tree, document) if document else None
    if raw:
        return Found(tidy_tags(raw if isinstance(raw, list) else str(raw).split(",")), "trafilatura")
    return Found([], "none")


def not_the_publisher(names: list[str], site: str, site_name: str | None) -> list[str]:
    return [name for name in names if not is_publisher(name, site, site_name)]


def writers(byline: list[str], site: str, site_name: str | None) -> list[str]:
    """The writers a printed byline names: not the publisher or a desk of it ('Jane Doe, PAPER
    THÜRINGEN'); none where the rest names the publisher too, as a desk's credit line does
    ('red, Paper.at/Agenturen')."""
    people = not_the_publisher(byline, site, site_name)
    publisher = comparable(site_name or "")
    if publisher and any(publisher in comparable(name) for name in people):
        return []
    return people


# An account's login, not the name it prints: one word with a dot, an underscore or a digit,
# in small letters only, or a given name with the surname's initial ('jane.doe', 'kffjaned',
# 'JaneD'). A brand's one word in two capitals ('HomeAdvisor') is the publisher's name.
_LOGIN = re.compile(r"^(?:\S*[._\d]\S*|[a-z]+|[A-Z]?[a-z]+[A-Z])$")
# A name this long may carry what the template printed after it in the author's slot.
MIN_GLUED_WORDS = 3


def could_be_glued(names: list[str]) -> bool:
    """Whether the names are long enough to carry a job or team after the name, so that the
    names printed in the author's slot are worth reading."""
    return any(len(name.split()) >= MIN_GLUED_WORDS for name in names)


def are_logins(names: list[str]) -> bool:
    return bool(names) and all(_LOGIN.match(name) for name in names)


def login_names(chosen: list[str], printed: list[str]) -> list[str] | None:
    """The names printed by the headline where `chosen` are account logins that stand in for
    them ('jane.doe' for 'Jane Doe'); None where `chosen` stand."""
    # A printed text that holds the login itself is a label around it ('More about janed').
    if (
        are_logins(chosen)
        and printed
        and all(len(name.split()) > 1 for name in printed)
        and not any(login.casefold() in comparable(name) for login in chosen for name in printed)
    ):
        return printed
    return None


def unglued_names(chosen: list[str], printed: list[str]) -> list[str] | None:
    """The printed names where `chosen` are they with a job or a team glued after them ('Jane
    Doe Tech' of 'Tech Reporter', 'Jane Doe - Example Editorial Team'); None where `chosen`
    stand."""
    # A given name alone is what a template prints for short, not the name cut from a longer one.
    keys = [(name, comparable(name)) for name in printed if len(name.split()) > 1]
    shorter = [
        next((name for name, key in keys if comparable(long).startswith(key + " ")), long) for long in chosen
    ]
    return shorter if shorter != chosen else None


def authors(
    declared: list[str],
    declared_people: list[str],
    data: StructuredData,
    document: Any,
    site: str,
    byline: list[str],
) -> Found[list[str]]:
    """`declared` are the markup's authors, cleaned; `declared_people` those not the publisher."""
    found = clean_authors(str(getattr(document, "author", None) or "").split(";"))
    found_people = not_the_publisher(found, site, data.site_name)
    # The publisher listed beside a reporter ('The Paper', 'Jane Doe') did not write the story.
    if declared_people:
        return Found(declared_people, data.authors_source or "meta")
    # Where the markup names none or only the publisher, the byline printed atop the story
    # names the writers; else trafilatura's search of the page may, unless what it finds names
    # the publisher too: then it is the desk's credit line ('red, Paper.at/Agenturen').
    if byline:
        return Found(byline, "byline")
    if found_people and (found_people == found or not declared):
        return Found(found_people, "trafilatura")
    if declared:
        return Found(declared, data.authors_source or "meta")
    return Found(found, "trafilatura") if found else Found([], "none")
