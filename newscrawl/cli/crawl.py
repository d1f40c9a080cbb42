"""`newscrawl crawl`: one crawl of the given URLs in this process, then a summary."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiders import Spider

from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.cli.interrupt import (
    held,
    ignore_signals,
    send_pending,
    setting_up_crawl,
    stopped_by_signal,
    watch_crawl_signals,
)
from newscrawl.crawl.summary import Summary
from newscrawl.exitcodes import MEANINGS, OK, crawl_status
from newscrawl.healthreport import run_warnings
from newscrawl.sources import SourcesError, find_source
from newscrawl.store import StoreError, open_engine

# A label of a host name: letters, digits, hyphens inside, and underscores, which real
# subdomains use; letters may be non-ASCII, since Scrapy encodes international names itself.
_LABEL = re.compile(r"[^\W_]|[\w][\w-]{0,61}[\w]")


def _host_name(host: str) -> bool:
    labels = host.removesuffix(".").split(".")
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)


def check_url(url: str) -> str:
    """The URL, trimmed, if a crawl can start from it; a UserError saying what is wrong if not."""
    url = url.strip()
    problem = _url_problem(url)
    if problem:
        raise UserError(f"not an http(s) URL: {url!r} ({problem})")
    return url


def _url_problem(url: str) -> str | None:
    if any(c.isspace() or not c.isprintable() for c in url):
        return "it holds a space or a control character"
    try:
        parts = urlsplit(url)
        port = parts.port  # reading it checks it: out of range or not a number raises
    except ValueError as error:
        return str(error)
    if parts.scheme.lower() not in ("http", "https"):
        return f"its scheme is {parts.scheme!r}" if parts.scheme else "it has no scheme"
    host = parts.hostname
    if not host:
        return "it has no host name"
    if port == 0:
        return "port 0"
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.partition("%")[0])
        except ValueError:
            return f"{host!r} is not an IPv6 address"
    elif not _host_name(host):
        return f"{host!r} is not a host name"
    return None


def check_log_file(path: str) -> None:
    """Fail now, with one line, if the log cannot be written: Scrapy would fail mid-start."""
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as error:
        raise UserError(f"cannot write the log file {path}: {error.strerror}") from None


def run_crawl(
    urls: list[str], settings: Settings, source: str | None = None, spider: str | type[Spider] = "news"
) -> dict[str, Any]:
    """Crawl `urls` with the news spider (or `spider`) until done; the crawl's final stats."""
    with held():
        engine_for(settings).dispose()  # fail here, with one line, if the database is unusable
    setting_up_crawl()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, urls=urls, source=source)
    from twisted.internet import reactor  # the one CrawlerProcess installed

    reactor.callWhenRunning(watch_crawl_signals)
    reactor.callWhenRunning(send_pending)
    process.start()
    ignore_signals()
    assert crawler.stats is not None
    stats = dict(crawler.stats.get_stats())
    if stats.get("finish_reason") is None and stopped_by_signal():
        # Stopped before the engine started: Scrapy closed no spider, so nothing set a reason.
        stats["finish_reason"] = "shutdown"
    return stats


def _health_warnings(settings: Settings, run_id: int | None) -> list[str]:
    """A line for each field the sites of this run now lack far more often than before."""
    if run_id is None:
        return []
    try:
        engine = open_engine(settings.get("NEWSCRAWL_DATABASE_URL"), create=False)
    except StoreError as error:
        return [f"warning: source health not checked: {error}"]
    try:
        return run_warnings(engine, run_id)
    finally:
        engine.dispose()


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
@click.option("--log-file", metavar="PATH", help="Write the log here instead of stderr.")
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
    if settings.get("LOG_FILE"):
        check_log_file(settings.get("LOG_FILE"))
    settings.set("NEWSCRAWL_PROGRESS", True, priority="cmdline")
    stats = run_crawl(checked, settings, source)
    summary = Summary.from_stats(stats)
    click.echo(summary.report())
    if summary.articles_stored:
        for line in _health_warnings(settings, stats.get("newscrawl/run_id")):
            click.echo(line)
    status = crawl_status(stats)
    if status != OK:
        click.echo(f"newscrawl: {MEANINGS[status]} (finish reason: {stats.get('finish_reason')})", err=True)
    raise SystemExit(status)
