"""The baseline for crawl_speed.py: trafilatura inline in parse(), one commit per item.

Same Scrapy settings as newscrawl (politeness, concurrency), none of its design.
Usage: python benchmarks/naive_spider.py SITEMAP_URL DB_PATH
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.settings import Settings
from trafilatura import bare_extraction

from newscrawl.crawl.sitemaps import parse_sitemap


class NaiveSpider(Spider):
    name = "naive"

    def __init__(self, sitemap: str, db: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap = sitemap
        self.connection = sqlite3.connect(db)
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS articles (url TEXT UNIQUE, title TEXT, body TEXT)"
        )

    async def start(self) -> Any:
        yield Request(self.sitemap, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        for entry in parse_sitemap(response.body).entries:
            yield Request(entry.url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        document = bare_extraction(response.text, url=response.url, with_metadata=True)
        if document is None:
            return
        self.connection.execute(
            "INSERT OR IGNORE INTO articles VALUES (?, ?, ?)", (response.url, document.title, document.text)
        )
        self.connection.commit()
        yield {"url": response.url}


def main() -> None:
    settings = Settings()
    settings.setmodule("newscrawl.settings")
    settings.set("ITEM_PIPELINES", {})
    settings.set("DOWNLOADER_MIDDLEWARES", {})
    settings.set("EXTENSIONS", {})
    settings.set("CONCURRENT_ITEMS", 100)
    settings.set("LOG_LEVEL", "WARNING")
    process = CrawlerProcess(settings)
    process.crawl(NaiveSpider, sitemap=sys.argv[1], db=sys.argv[2])
    process.start()


if __name__ == "__main__":
    main()
