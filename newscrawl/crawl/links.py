"""Finding feeds and article-looking links on an HTML page that is not an article."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml import html as lxml_html
from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor

from newscrawl.urlkey import absolute_url, site_of

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
# Besides Scrapy's list of media, archives and office files: calendars, contact cards, books
# and data files, which news sites link with article-like slugs too.
NOT_PAGES = [*IGNORED_EXTENSIONS, "ics", "vcf", "epub", "mobi", "json", "xml", "rss", "atom", "gpx", "kml"]


def feed_links(page: str, base_url: str) -> list[str]:
    """Feeds the page announces with <link rel="alternate">."""
    tree = lxml_html.document_fromstring(page)
    found = []
    for link in tree.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES and "comments" not in link.get("href", ""):
            url = absolute_url(base_url, link.get("href"))
            if url:
                found.append(url)
    return list(dict.fromkeys(found))


def looks_like_article(url: str) -> bool:
    """URL shapes of articles: a date in the path, a long slug, or a long numeric id."""
    path = urlsplit(url).path
    if not path.strip("/") or _NOT_ARTICLE.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_DATE_IN_PATH.search(path) or _LONG_SLUG.search(last) or _ARTICLE_ID.search(path))


class Links:
    """A page's links through Scrapy's LinkExtractor (its ignored extensions and the source's
    domains), split by our URL heuristic; the source's allow/deny patterns apply to articles
    only, since the section pages that lead to them rarely match an article pattern."""

    def __init__(
        self,
        allow: Iterable[re.Pattern[str]] = (),
        deny: Iterable[re.Pattern[str]] = (),
        domains: Iterable[str] = (),
        offsite: bool = False,
    ) -> None:
        self.pages = LinkExtractor(allow_domains=list(domains), deny_extensions=NOT_PAGES)
        self.patterns = LinkExtractor(allow=list(allow), deny=list(deny))
        self.offsite = offsite

    def matches(self, url: str) -> bool:
        """Within the source's allow and deny patterns."""
        return bool(self.patterns.matches(url))

    def of(self, response: TextResponse) -> tuple[list[str], list[str]]:
        """(article-looking links within the patterns, other links), each once, in page order."""
        site = site_of(response.url)
        articles: list[str] = []
        others: list[str] = []
        for link in self.pages.extract_links(response):
            url = link.url.split("#", 1)[0]
            try:
                if urlsplit(url).scheme not in ("http", "https"):
                    continue
                if not self.offsite and site_of(url) != site:
                    continue
            except ValueError:  # `http://[zz::1]/`: that link only
                continue
            if looks_like_article(url):
                if self.matches(url):
                    articles.append(url)
            else:
                others.append(url)
        return list(dict.fromkeys(articles)), list(dict.fromkeys(others))
