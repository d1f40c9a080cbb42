"""What the fuzzer calls and which errors each call may raise: the one place to rename at a merge.

Each target is a function of one generated input and the tuple of the project's named errors
it may raise; any other exception is a bug.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from newscrawl.article import Article
from newscrawl.crawl.feeds import detect_kind
from newscrawl.crawl.listing import LISTING_ERRORS as LISTING_ERRORS  # the runner reads it here
from newscrawl.crawl.listing import checked, read
from newscrawl.extraction import ExtractionError, extract_article
from newscrawl.extraction.hints import NO_HINTS as NO_HINTS  # the runner reads them here
from newscrawl.extraction.hints import Hints as Hints
from newscrawl.fingerprint import content_hash, simhash
from newscrawl.store import ArticleWriter, SearchRefused, SearchTimedOut, open_engine, search
from newscrawl.store.searchparse import parse
from newscrawl.store.searchquery import search_text
from newscrawl.urlkey import InvalidUrl, absolute_url, original_url, site_of, url_key


@dataclass(frozen=True)
class PageInput:
    """A page as the crawler would hand it to extraction."""

    body: bytes
    url: str
    content_type: str | None = None
    hints: Hints = NO_HINTS


@dataclass(frozen=True)
class ListingInput:
    """A response the crawler would read as a feed, sitemap or page."""

    body: bytes
    content_type: str = ""


@dataclass(frozen=True)
class UrlInput:
    """A link as written on a page, and the page it was found on."""

    href: str
    base: str = "https://example.com/news/"


# The errors a caller of each target handles by name: a listing the spider cannot read is a
# bad_listing (LISTING_ERRORS, which the spider catches); a URL that cannot be keyed is an
# InvalidUrl, caught where a page or entry is checked; detect_kind must not raise at all.
URL_ERRORS: tuple[type[BaseException], ...] = (InvalidUrl,)
EXTRACTION_ERRORS: tuple[type[BaseException], ...] = (ExtractionError,)
SEARCH_ERRORS: tuple[type[BaseException], ...] = (SearchRefused, SearchTimedOut)


def extract(page: PageInput) -> object:
    """extract_article as the spider calls it."""
    return extract_article(page.body, page.url, page.hints, content_type=page.content_type)


def classify_listing(listing: ListingInput) -> object:
    """detect_kind alone: the spider calls it on every response, outside any handler."""
    return detect_kind(listing.body, listing.content_type)


def read_listing(listing: ListingInput, kinds: tuple[str, ...] = ("feed", "sitemap")) -> object:
    """The spider's reading of a listing, as each of `kinds`, each entry checked."""
    url = "https://example.com/feed"
    return [
        checked(read(kind, listing.body, url)[0], url, lambda _url, _why: None, lambda _why: None)
        for kind in kinds
    ]


def read_feed(listing: ListingInput) -> object:
    """As the spider's worker process reads a feed."""
    return read_listing(listing, ("feed",))


def read_sitemap(listing: ListingInput) -> object:
    """As the spider reads a sitemap, on the reactor."""
    return read_listing(listing, ("sitemap",))


def key_url(link: UrlInput) -> object:
    """Every URL-identity function on the link, resolved and as written."""
    resolved = absolute_url(link.base, link.href)
    keys = [url_key(link.href), site_of(link.href), original_url(link.href)]
    if resolved is not None:
        keys += [url_key(resolved), site_of(resolved), original_url(resolved)]
    return keys


SEARCH_ARTICLES = (
    ("https://example.com/flood", "Flood defences approved", "Flood defences were approved by the council. "),
    ("https://example.com/trains", "Trains late again", "Trains and buses run late again, ünïcode 洪水. "),
)


def search_engine(folder: Path) -> Engine:
    """A SQLite store in `folder` holding two articles, for search queries to run against."""
    engine: Engine = open_engine(f"sqlite:///{folder / 'fuzz.db'}")
    articles = [
        Article(
            url=url,
            url_key=url_key(url),
            site=site_of(url),
            headline=headline,
            body=sentence * 20,
            content_hash=content_hash(sentence * 20),
            simhash=simhash(sentence * 20),
        )
        for url, headline, sentence in SEARCH_ARTICLES
    ]
    ArticleWriter(engine).save(articles)
    return engine


def searcher(engine: Engine) -> Callable[[str], object]:
    """The query cleanup and parsing alone, then the whole search path on `engine`."""

    def run(query: str) -> object:
        with contextlib.suppress(SearchRefused):
            parse(search_text(query))
        return search(engine, query).hits

    return run
