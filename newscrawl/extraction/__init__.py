"""Pure extraction: HTML + URL -> Article, with no Scrapy and no database."""

from newscrawl.extraction.errors import EmptyBody, ExtractionError, NotAnArticle, UnreadablePage
from newscrawl.extraction.extract import extract_article

__all__ = ["EmptyBody", "ExtractionError", "NotAnArticle", "UnreadablePage", "extract_article"]
