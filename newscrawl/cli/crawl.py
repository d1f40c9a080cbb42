"""`newscrawl crawl`: one crawl of the given URLs in this process, then a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.crawl.summary import Summary
from newscrawl.exitcodes import MEANINGS, OK, crawl_status
from newscrawl.sources import SourcesError, find_source


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url.strip():
        raise UserError(f"not an http(s) URL: {url!r}")
    return url.strip()


def run_crawl(urls: list[str], settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Crawl `urls` with the news spider until done; the crawl's final stats."""
    engine_for(settings).dispose()  # fail here, with one line, if the database is unusable
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("news")
    process.crawl(crawler, urls=urls, source=source)
    process.start()
    assert crawler.stats is not None
    return dict(crawler.stats.get_stats())


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option("--source", metavar="NAME", help="Crawl this source of the sources file (URLs optional).")
@click.option("--sources", "sources_path", metavar="PATH", help="Sources file (default: ./sources.toml).")
@db_option
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    help="Download at most this many pages (start URLs, feeds and sitemaps not counted).",
)
@click.option(
    "--depth", type=click.IntRange(min=0), help="How deep to follow links from a home page (default 2)."
)
@click.option(
    "-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Any Scrapy or newscrawl setting."
)
@click.option("-v", "--verbose", count=True, help="-v: log skipped pages too; -vv: Scrapy's debug log.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the log here instead of stderr.")
def crawl(
    urls: tuple[str, ...],
    source: str | None,
    sources_path: str | None,
    db: str | None,
    max_pages: int | None,
    depth: int | None,
    overrides: tuple[str, ...],
    verbose: int,
    log_file: str | None,
) -> None:
    """Crawl article pages, feeds, sitemaps or home pages and store their articles.

    \b
    Example:
      newscrawl crawl https://www.example.com/ --max-pages 200
      newscrawl crawl https://example.com/feed.xml --db postgresql://localhost/news
    """
    checked = [check_url(u) for u in urls]
    settings = load_settings(db, overrides)
    if sources_path:
        settings.set("NEWSCRAWL_SOURCES", sources_path, priority="cmdline")
    if source:
        try:
            find_source(Path(settings.get("NEWSCRAWL_SOURCES")), source)
        except SourcesError as error:
            raise UserError(str(error)) from None
    elif not checked:
        raise UserError("give at least one URL, or --source NAME")
    if max_pages:
        settings.set("NEWSCRAWL_MAX_PAGES", max_pages, priority="cmdline")
    if depth is not None:
        settings.set("NEWSCRAWL_LINK_DEPTH", depth, priority="cmdline")
    level = {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG")
    if "LOG_LEVEL" not in dict(o.partition("=")[::2] for o in overrides):
        settings.set("LOG_LEVEL", level, priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    settings.set("NEWSCRAWL_PROGRESS", True, priority="cmdline")
    stats = run_crawl(checked, settings, source)
    click.echo(Summary.from_stats(stats).report())
    status = crawl_status(stats)
    if status != OK:
        click.echo(f"newscrawl: {MEANINGS[status]} (finish reason: {stats.get('finish_reason')})", err=True)
    raise SystemExit(status)
