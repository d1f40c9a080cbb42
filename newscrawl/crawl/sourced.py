"""A crawl of a source of the sources file: its URLs, domains, settings, site rules and URL patterns."""

from __future__ import annotations

import re
from pathlib import Path

from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.sources import find_source

Patterns = tuple[list[re.Pattern[str]], list[re.Pattern[str]]]  # (allow, deny)


def apply_source(spider: Spider, crawler: Crawler, name: str | None) -> tuple[str | None, Patterns]:
    """Gives `spider` the source's start URLs (unless it has some) and domains, and the crawl its
    settings; returns the source's named site rules and its URL patterns (none: no source)."""
    if not name:
        return None, ([], [])
    source = find_source(Path(crawler.settings.get("NEWSCRAWL_SOURCES")), name)
    spider.start_urls = spider.start_urls or source.urls
    if source.allowed_domains:
        # Read by the offsite middleware when a spider has it: Spider does not declare it.
        spider.allowed_domains = list(source.allowed_domains)  # type: ignore[attr-defined]
    # Settings are still open for changes here (they freeze after the spider is built).
    crawler.settings.setdict(source.crawl_settings(), priority="spider")
    return source.site_rules, ([re.compile(p) for p in source.allow], [re.compile(p) for p in source.deny])
