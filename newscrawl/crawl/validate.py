"""First pipeline: only complete articles go on, as Articles, to deduplication and storage."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.crawl.items import InvalidArticle, as_article


class ValidatePipeline:
    """Drops articles that lack a key, a headline or a body; hands on the rest as Articles.

    An article may come as any item itemadapter supports (see newscrawl.crawl.items); items
    that are no articles pass untouched.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        assert self.stats is not None
        try:
            article = as_article(item)
        except InvalidArticle:
            self.stats.inc_value("newscrawl/invalid")
            raise
        if article is None:
            return item
        missing = [
            name for name in ("url_key", "headline", "body", "content_hash") if not getattr(article, name)
        ]
        if missing:
            self.stats.inc_value("newscrawl/invalid")
            raise DropItem(f"article {article.url} has no {', '.join(missing)}")
        return article
