"""Finding feeds and article-looking links on an HTML page that is not an article."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from newscrawl.urlkey import site_of

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_NOT_ARTICLE = re.compile(
    r"/(tags?|topics?|category|categories|section|sections|author|authors|archive|search|page|"
    r"login|signin|register|subscribe|account|about|contact|privacy|terms|impressum|datenschutz|"
    r"newsletter|podcasts?|videos?|gallery|galleries|feed|rss)(/|$)|\.(jpe?g|png|gif|pdf|mp[34]|zip|xml|json)$",
    re.IGNORECASE,
)
_DATE_IN_PATH = re.compile(r"/(19|20)\d\d([/-])(0?[1-9]|1[0-2])\2")
_LONG_SLUG = re.compile(r"[\w]+(?:-[\w]+){3,}")
_ARTICLE_ID = re.compile(r"\d{5,}")


def feed_links(page: str, base_url: str) -> list[str]:
    """Feeds the page announces with <link rel="alternate">."""
    tree = lxml_html.document_fromstring(page)
    found = []
    for link in tree.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and kind in _FEED_TYPES and "comments" not in link.get("href", ""):
            url = _absolute(base_url, link.get("href"))
            if url:
                found.append(url)
    return list(dict.fromkeys(found))


def _absolute(base_url: str, href: str) -> str | None:
    """`href` resolved against the page's URL; None if it cannot be parsed (`http://[x`)."""
    try:
        return urljoin(base_url, href.strip())
    except ValueError:
        return None


def looks_like_article(url: str) -> bool:
    """URL shapes of articles: a date in the path, a long slug, or a long numeric id."""
    path = urlsplit(url).path
    if not path.strip("/") or _NOT_ARTICLE.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_DATE_IN_PATH.search(path) or _LONG_SLUG.search(last) or _ARTICLE_ID.search(path))


def page_links(page: str, base_url: str, *, offsite: bool = False) -> tuple[list[str], list[str]]:
    """(article-looking links, other same-site links) of a page, each once, in page order."""
    tree = lxml_html.document_fromstring(page)
    site = site_of(base_url)
    articles: list[str] = []
    others: list[str] = []
    for anchor in tree.xpath("//a[@href]"):
        href = (_absolute(base_url, anchor.get("href", "")) or "").split("#", 1)[0]
        if urlsplit(href).scheme not in ("http", "https"):
            continue
        if not offsite and site_of(href) != site:
            continue
        (articles if looks_like_article(href) else others).append(href)
    return list(dict.fromkeys(articles)), list(dict.fromkeys(others))
