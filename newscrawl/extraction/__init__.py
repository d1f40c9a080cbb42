"""Pure extraction: HTML + URL -> Article, with no Scrapy and no database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.extraction.errors import EmptyBody, ExtractionError, NotAnArticle, UnreadablePage

if TYPE_CHECKING:
    from newscrawl.extraction.extract import extract_article

__all__ = ["EmptyBody", "ExtractionError", "NotAnArticle", "UnreadablePage", "extract_article"]


def __getattr__(name: str) -> Any:
    # extract_article is imported on first use (PEP 562): the crawl process reads this
    # package's errors, dates and hints, and importing trafilatura, htmldate and
    # the language identifier there cost the crawl about half a second before its first
    # request, and tens of MB it never uses; only extraction workers need them.
    if name == "extract_article":
        from newscrawl.extraction.extract import extract_article

        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
