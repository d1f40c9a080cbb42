"""Is a page an article? Declared types first, then URL shape and text volume."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import html as lxml_html

from newscrawl.extraction.errors import EmptyBody, NotAnArticle, SoftNotFound
from newscrawl.extraction.structured import StructuredData
from newscrawl.extraction.text import unrendered

# Paths of listings: a tag, section, author or archive name with at most one segment after
# it, or a page number ("/tag/budget/", "/section/local", "/news/page/3").
_LISTING_PATH = re.compile(
    r"/(tags?|topics?|category|categories|section|sections|author|authors|archive|archives|"
    r"search|themen|thema|schlagwort|rubrik|ressort|autor|etiqueta|categoria|rubrique|"
    r"videos?|live-?tv|podcasts?)(/[^/]*)?/?$|/page/\d+/?$",
    re.IGNORECASE,
)
# What the <title> or first <h1> of an error page says, in the languages of the fixture sites.
# Anchored phrases, not the words alone: "Missing hiker not found" is a headline.
_NOT_FOUND = re.compile(
    r"^\W*(error\W*)?404(\W*$|\s*[-:|–—]|\s+(error|not found|page))|\bpage (was )?not found\b|"
    r"\b(page|article|story) (you requested )?(does not|doesn't|no longer) exists?\b|"
    r"\bcould ?n[o'’]t find (that|this|the) page\b|"
    r"\bseite (wurde )?nicht gefunden\b|\bpage introuvable\b|\bp[aá]gina no encontrada\b|"
    r"\bpagina non trovata\b",
    re.IGNORECASE,
)
# Fewer words than this is a teaser, a video page or an error page, not an article.
MIN_ARTICLE_WORDS = 40
# Without any declared article type, ask for more text before believing it is one.
MIN_UNDECLARED_WORDS = 80
# This many separate <article> teasers, with little text of its own, make a listing.
MIN_LISTING_TEASERS = 4
MAX_LISTING_WORDS = 300


def declares_article(data: StructuredData) -> bool:
    return data.has_article_jsonld or (data.og_type or "").lower() == "article"


def check_page(url: str, data: StructuredData, tree: lxml_html.HtmlElement) -> None:
    """Raise NotAnArticle for a page its markup and URL alone show is none (an error page, a
    video, a home page or listing that declares no article): checked before the body is
    extracted, which costs far more."""
    if _says_not_found(tree):
        raise SoftNotFound("the page says it was not found")
    og_type = (data.og_type or "").lower()
    if og_type.startswith(("video", "music", "profile", "book")):
        raise NotAnArticle(f"og:type is {og_type}")
    path = urlsplit(url).path
    if not declares_article(data) and (path in ("", "/") or _LISTING_PATH.search(path)):
        raise NotAnArticle("listing or home page URL without an article declaration")


def check_article(url: str, data: StructuredData, tree: lxml_html.HtmlElement, words: int) -> None:
    """Raise NotAnArticle or EmptyBody when the page should not be stored as an article."""
    check_page(url, data, tree)
    if not declares_article(data):
        if words < MAX_LISTING_WORDS and _is_teaser_listing(tree, words):
            raise NotAnArticle("a page of article teasers")
        if words < MIN_UNDECLARED_WORDS:
            raise NotAnArticle(f"only {words} words and no article declaration")
    if words < MIN_ARTICLE_WORDS:
        raise EmptyBody(f"only {words} words of body text")


def _says_not_found(tree: lxml_html.HtmlElement) -> bool:
    headings = [tree.findtext(".//title") or "", *(h.text_content() for h in tree.xpath("(//h1)[1]"))]
    return any(_NOT_FOUND.search(" ".join(text.split())) for text in headings)


def _is_teaser_listing(tree: lxml_html.HtmlElement, words: int) -> bool:
    """Several <article> teasers that hold the page's text between them, none of them most of
    it: a story page keeps its text in one <article> or outside them, beside related teasers."""
    teasers = [len(article.text_content().split()) for article in tree.xpath("//article")]
    return len(teasers) >= MIN_LISTING_TEASERS and max(teasers) < words / 2 <= sum(teasers)


# A short label above the headline that names the section: "Headlines", "Environment".
_LABEL_XPATH = (
    "preceding::*[contains(@class, 'category') or contains(@class, 'kicker')"
    " or contains(@class, 'rubric') or contains(@class, 'ressort') or contains(@class, 'overline')"
    " or contains(@class, 'eyebrow') or contains(@class, 'section-label')]"
    "[not(ancestor::nav) and not(ancestor::header) and not(ancestor::footer)]"
)
MAX_LABEL_WORDS = 3


def section_label(tree: lxml_html.HtmlElement) -> str | None:
    """The section label printed just above the <h1>, if the page has one."""
    # Asked of the last <h1> alone: what precedes any earlier one precedes it too, and libxml2
    # walks the whole page once per <h1> for '//h1[1]/preceding::*' (4 s for 13 of them).
    headings = tree.xpath("//h1[1]")
    labels = headings[-1].xpath(_LABEL_XPATH) if headings else []
    if not labels:
        return None
    text = " ".join(labels[-1].text_content().split())
    if not text or unrendered(text) or len(text.split()) > MAX_LABEL_WORDS or len(text) > 40:
        return None
    return text
