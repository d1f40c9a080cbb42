"""A spider of one's own may yield dicts, dataclasses, attrs or scrapy Items: the pipelines store them."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
import scrapy
from scrapy.exceptions import DropItem

from newscrawl.article import Article
from newscrawl.crawl.dedup import DedupPipeline
from newscrawl.crawl.store import StorePipeline
from newscrawl.crawl.validate import ValidatePipeline
from newscrawl.siteserver import SiteServer
from newscrawl.store import get_article, list_articles, open_engine
from tests.cli import clean_env
from tests.unit.test_pipelines import crawler_for

BODY = "The river rose overnight and the council opened the new flood gates before dawn. " * 12


class StoryItem(scrapy.Item):
    url = scrapy.Field()
    headline = scrapy.Field()
    body = scrapy.Field()
    tags = scrapy.Field()
    published_at = scrapy.Field()


@dataclasses.dataclass
class StoryDataclass:
    url: str
    headline: str
    body: str
    tags: list[str]
    published_at: str


@attrs.define
class StoryAttrs:
    url: str
    headline: str
    body: str
    tags: list[str]
    published_at: str


def story(kind: Callable[..., Any], url: str) -> Any:
    return kind(
        url=url,
        headline=f"Flood gates open ({url})",
        body=BODY,
        tags=["Flooding"],
        published_at="2024-03-12T10:00:00+00:00",
    )


KINDS = {"dict": dict, "scrapy.Item": StoryItem, "dataclass": StoryDataclass, "attrs": StoryAttrs}


async def through_pipelines(crawler: Any, items: list[Any]) -> list[Any]:
    """Each item through validate -> dedup -> store, as Scrapy chains them; what comes out."""
    validate, dedup = ValidatePipeline.from_crawler(crawler), DedupPipeline.from_crawler(crawler)
    store = StorePipeline.from_crawler(crawler)
    await store.open_spider()
    out = [await store.process_item(await dedup.process_item(validate.process_item(item))) for item in items]
    await store.close_spider()
    return out


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_article_items_of_any_kind_are_stored(kind: Callable[..., Any], sqlite_url: str) -> None:
    crawler = crawler_for(sqlite_url)
    url = "https://www.example.com/news/flood-gates?utm_source=feed"
    [out] = asyncio.run(through_pipelines(crawler, [story(kind, url)]))
    assert isinstance(out, Article)
    stored = get_article(open_engine(sqlite_url), url)
    assert stored is not None
    assert (stored.headline, stored.tags, stored.site) == (
        f"Flood gates open ({url})",
        ["Flooding"],
        "example.com",
    )
    assert stored.url_key == "example.com/news/flood-gates"
    assert stored.published_at is not None and stored.published_at.isoformat() == "2024-03-12T10:00:00+00:00"
    assert crawler.stats.get_value("newscrawl/stored") == 1


def test_near_duplicate_items_are_marked(sqlite_url: str) -> None:
    crawler = crawler_for(sqlite_url)
    items = [story(dict, "https://example.com/a"), story(StoryItem, "https://example.org/b")]
    _, copy = asyncio.run(through_pipelines(crawler, items))
    assert copy.provenance["near_duplicate_of"] == "example.com/a"


def test_items_that_are_no_articles_pass_untouched(sqlite_url: str) -> None:
    crawler = crawler_for(sqlite_url)
    others = [{"page": "https://example.com/", "links": 40}, {"url": "https://example.com/x", "title": "x"}]
    out = asyncio.run(through_pipelines(crawler, others))
    assert all(a is b for a, b in zip(out, others, strict=True))
    assert others[0] == {"page": "https://example.com/", "links": 40}
    assert list_articles(open_engine(sqlite_url)) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published_at", "yesterday", "published_at"),
        ("tags", "Flooding", "tags: expected a list"),
        ("headline", 42, "headline: expected str"),
        ("url", "http://[::1", "url:"),
    ],
)
def test_unreadable_article_items_are_dropped_and_counted(
    field: str, value: Any, message: str, sqlite_url: str
) -> None:
    crawler = crawler_for(sqlite_url)
    item = {**story(dict, "https://example.com/a"), field: value}
    with pytest.raises(DropItem, match=message):
        ValidatePipeline.from_crawler(crawler).process_item(item)
    assert crawler.stats.get_value("newscrawl/invalid") == 1


USER_SPIDER = """
import scrapy


class Story(scrapy.Item):
    url = scrapy.Field()
    headline = scrapy.Field()
    body = scrapy.Field()


class UserSpider(scrapy.Spider):
    name = "user"
    start_urls = [
        "{base}/news/2024/03/20/central-bank-holds-rates-steady.html",
        "{base}/news/2024/03/14/farmers-fallow-fields-solar-gardens.html",
    ]

    def parse(self, response):
        fields = dict(
            url=response.url,
            headline=" ".join(response.xpath("//h1//text()").getall()).strip(),
            body="\\n\\n".join(p.strip() for p in response.xpath("//p//text()").getall() if p.strip()),
        )
        yield fields if "central-bank" in response.url else Story(**fields)
        yield {{"page": response.url, "links": len(response.xpath("//a"))}}
"""


def test_a_users_own_spider_feeds_the_pipelines(tmp_path: Path, site: SiteServer) -> None:
    """`scrapy runspider` of a spider that knows nothing of newscrawl but its pipelines."""
    (tmp_path / "spider.py").write_text(USER_SPIDER.format(base=site.url))
    db = f"sqlite:///{tmp_path / 'user.db'}"
    pipelines = {
        "newscrawl.crawl.validate.ValidatePipeline": 100,
        "newscrawl.crawl.dedup.DedupPipeline": 200,
        "newscrawl.crawl.store.StorePipeline": 300,
    }
    settings = {
        "ITEM_PIPELINES": json.dumps(pipelines),
        "NEWSCRAWL_DATABASE_URL": db,
        "NEWSCRAWL_STORE_BATCH_SIZE": "50",
        "NEWSCRAWL_STORE_FLUSH_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "runspider", "spider.py", "-o", "items.jsonl"]
        + [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stored = sorted(a.headline for a in list_articles(open_engine(db)))
    assert stored == [
        "Central bank holds interest rates steady, signals cuts later in the year",
        "Farmers turn fallow fields into solar gardens as prices climb",
    ]
    exported = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text().splitlines()]
    pages = [record for record in exported if "page" in record]
    assert len(pages) == 2 and all(set(record) == {"page", "links"} for record in pages)
