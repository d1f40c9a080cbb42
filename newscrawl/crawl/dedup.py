"""Second pipeline: near-duplicates (syndicated or lightly edited copies) found by simhash."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.items import as_article
from newscrawl.extraction.fingerprint import hamming


class DedupPipeline:
    """Marks an article (any item newscrawl.crawl.items reads as one) whose body is within N
    simhash bits of one seen in this crawl; hands it on as an Article.

    Exact duplicates (same URL key, same body on one site) are the database's job: its unique
    keys are the truth across runs and workers. Near-duplicates are kept, not dropped, with
    provenance `near_duplicate_of`, because a syndicated copy on another site is still news.
    """

    def __init__(self, crawler: Crawler, max_bits: int, memory: int) -> None:
        self.stats = crawler.stats
        self.max_bits = max_bits
        self.memory = memory
        self._recent: OrderedDict[int, str] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        max_bits = crawler.settings.getint("NEWSCRAWL_NEAR_DUPLICATE_BITS", 3)
        if max_bits <= 0:
            raise NotConfigured("NEWSCRAWL_NEAR_DUPLICATE_BITS is 0")
        return cls(crawler, max_bits, crawler.settings.getint("NEWSCRAWL_NEAR_DUPLICATE_MEMORY", 5000))

    def process_item(self, item: Any) -> Any:
        article = as_article(item)
        if article is None or not article.simhash:
            return article or item
        for fingerprint, url_key in self._recent.items():
            if url_key != article.url_key and hamming(fingerprint, article.simhash) <= self.max_bits:
                article.provenance["near_duplicate_of"] = url_key
                assert self.stats is not None
                self.stats.inc_value("newscrawl/near_duplicates")
                break
        self._recent[article.simhash] = article.url_key
        if len(self._recent) > self.memory:
            self._recent.popitem(last=False)
        return article
