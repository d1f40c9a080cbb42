"""First pipeline: only complete Articles go on to deduplication and storage."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.article import Article


class ValidatePipeline:
    """Drops items that are not Articles or lack a key, a headline or a body."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        missing = [
            name for name in ("url_key", "headline", "body", "content_hash") if not getattr(item, name)
        ]
        if missing:
            assert self.stats is not None
            self.stats.inc_value("newscrawl/invalid")
            raise DropItem(f"article {item.url} has no {', '.join(missing)}")
        return item
