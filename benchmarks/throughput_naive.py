"""The throughput benchmark's baseline: the textbook Scrapy spider newscrawl must beat.

A SitemapSpider with trafilatura.extract inline in parse() and one SQLAlchemy commit per item
into SQLite, run with newscrawl's own Scrapy settings (politeness, concurrency, AutoThrottle)
and none of its components.

Usage: python benchmarks/throughput_naive.py SITEMAP_URL DATABASE_URL
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.spiders import SitemapSpider
from sqlalchemy import Text, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class NaiveSpider(SitemapSpider):
    name = "naive"

    def __init__(self, sitemap: str, database: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [sitemap]
        engine = create_engine(database)
        Base.metadata.create_all(engine)
        self.session = Session(engine)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, str]]:
        found = trafilatura.extract(response.text, url=response.url, output_format="json", with_metadata=True)
        if found is None:
            return
        document = json.loads(found)
        self.session.add(Page(url=response.url, title=document.get("title"), body=document["text"]))
        self.session.commit()
        yield {"url": response.url}


def settings() -> Settings:
    """newscrawl's settings without newscrawl's middlewares, pipelines and extensions."""
    chosen = Settings()
    chosen.setmodule("newscrawl.settings")
    for name in ("DOWNLOADER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS"):
        chosen.set(name, {})
    chosen.set("LOG_LEVEL", "WARNING")
    return chosen


def main() -> None:
    sitemap, database = sys.argv[1:3]
    process = CrawlerProcess(settings())
    process.crawl(NaiveSpider, sitemap=sitemap, database=database)
    process.start()


if __name__ == "__main__":
    main()
