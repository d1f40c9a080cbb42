"""`newscrawl worker`, `enqueue` and `queue`: many processes crawling from one Redis queue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from scrapy.settings import Settings

from newscrawl import exitcodes
from newscrawl.cli.context import UserError, db_option, load_settings
from newscrawl.cli.crawl import check_log_file, check_url, run_crawl
from newscrawl.crawl.summary import Summary
from newscrawl.distributed.redisurl import RedisUrlError, check_redis_url
from newscrawl.exitcodes import OK, crawl_status
from newscrawl.sources import SourcesError, load_sources

if TYPE_CHECKING:
    from newscrawl.distributed.queue import SharedQueue

# Nearest the engine (Scrapy's own spider middlewares are 50 to 1000, offsite at 500).
ACK_MIDDLEWARE = {"newscrawl.distributed.acks.AckMiddleware": 1}


class RedisUnavailable(click.ClickException):
    """Redis did not answer: one line, status FAILED."""

    exit_code = exitcodes.FAILED

    def show(self, file: object = None) -> None:
        click.echo(f"newscrawl: {self.format_message()}", err=True)


redis_option = click.option(
    "--redis", "redis_url", metavar="URL", help="Redis URL (default: $NEWSCRAWL_REDIS_URL)."
)
prefix_option = click.option(
    "--prefix",
    metavar="NAME",
    help="Redis key prefix, one per crawl (default: $NEWSCRAWL_REDIS_PREFIX, else newscrawl).",
)


def connect(settings: Settings, redis_url: str | None, prefix: str | None) -> SharedQueue:
    """The shared queue, once its URL is accepted and Redis answered."""
    url = redis_url or settings.get("NEWSCRAWL_REDIS_URL")
    if not url:
        raise UserError("give --redis URL or set NEWSCRAWL_REDIS_URL")
    try:
        url = check_redis_url(url)
    except RedisUrlError as error:
        raise UserError(str(error)) from None
    settings.set("NEWSCRAWL_REDIS_URL", url, priority="cmdline")
    if prefix:
        settings.set("NEWSCRAWL_REDIS_PREFIX", prefix, priority="cmdline")
    try:  # the redis extra: the other commands run without it
        import redis
        import scrapy_redis  # noqa: F401 - the worker's scheduler needs it

        from newscrawl.distributed.queue import SharedQueue
    except ImportError as error:
        raise UserError(f"{error.name} is missing: pip install 'newscrawl[redis]'") from None
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)
        client.ping()
    except (redis.RedisError, ValueError) as error:
        raise RedisUnavailable(f"cannot use Redis at {_shown(url)}: {error}") from None
    return SharedQueue(client, settings.get("NEWSCRAWL_REDIS_PREFIX"))


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}{sep}{'***@' if at else ''}{host}" if credentials else url


@click.command()
@redis_option
@prefix_option
@db_option
@click.option(
    "--until-idle",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Exit once the shared queue had nothing pending or in flight for this long "
    "(default: run until stopped).",
)
@click.option(
    "-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Any Scrapy or newscrawl setting."
)
@click.option("-v", "--verbose", count=True, help="-v: log skipped pages too; -vv: Scrapy's debug log.")
@click.option("--log-file", metavar="PATH", help="Write the log here instead of stderr.")
def worker(
    redis_url: str | None,
    prefix: str | None,
    db: str | None,
    until_idle: float | None,
    overrides: tuple[str, ...],
    verbose: int,
    log_file: str | None,
) -> None:
    """Crawl what the shared Redis queue holds, beside any number of other workers.

    Stop with SIGTERM or Ctrl-C: pages in flight are stored, the rest goes back to the queue.

    \b
    Example:
      newscrawl worker --redis redis://:PASSWORD@queue.example.org/0 --db postgresql://db.example.org/news
    """
    settings = load_settings(db, overrides)
    queue = connect(settings, redis_url, prefix)
    queue.client.close()
    settings.set("SCHEDULER", "newscrawl.distributed.scheduler.WorkerScheduler", priority="cmdline")
    settings.set(
        "SPIDER_MIDDLEWARES", {**settings.getdict("SPIDER_MIDDLEWARES"), **ACK_MIDDLEWARE}, "cmdline"
    )
    settings.set("NEWSCRAWL_BACKLOG", False, priority="cmdline")
    settings.set("NEWSCRAWL_WORKER_UNTIL_IDLE", until_idle or 0.0, priority="cmdline")
    settings.set("LOG_LEVEL", {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG"), priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    if settings.get("LOG_FILE"):
        check_log_file(settings.get("LOG_FILE"))
    from newscrawl.distributed.spider import WorkerSpider  # imports the spider: only here

    stats = run_crawl([], settings, spider=WorkerSpider)
    click.echo(Summary.from_stats(stats).report())
    status = crawl_status(stats)
    # A worker that found nothing to do did its job: the queue was idle.
    raise SystemExit(OK if status == exitcodes.UNREACHABLE else status)


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option("--sources", "sources_path", metavar="PATH", help="Queue every URL of this sources file.")
@click.option("--again", is_flag=True, help="Read these start URLs again even if they were queued before.")
@redis_option
@prefix_option
def enqueue(
    urls: tuple[str, ...], sources_path: str | None, again: bool, redis_url: str | None, prefix: str | None
) -> None:
    """Queue start URLs (home pages, feeds, sitemaps or articles) for the workers.

    Each is read as `newscrawl crawl URL` reads it; a URL queued before is skipped unless --again.

    \b
    Example:
      newscrawl enqueue https://www.example.com/ https://example.org/feed.xml
      newscrawl enqueue --sources sources.toml --again
    """
    checked = [check_url(u) for u in urls]
    if sources_path:
        try:
            checked += [url for source in load_sources(Path(sources_path)) for url in source.urls]
        except SourcesError as error:
            raise UserError(str(error)) from None
    if not checked:
        raise UserError("give at least one URL, or --sources FILE")
    queue = connect(load_settings(), redis_url, prefix)
    try:
        queue.add_starts(checked, again=again)
    except queue.errors as error:
        raise RedisUnavailable(f"cannot queue in Redis: {error}") from None
    click.echo(f"Queued {len(checked)} start URLs under {queue.prefix!r}.")


@click.command("queue")
@redis_option
@prefix_option
@click.option(
    "--clear", is_flag=True, help="Delete this prefix's queue and seen-set (stop the workers first)."
)
def queue_command(redis_url: str | None, prefix: str | None, clear: bool) -> None:
    """Show how much work the shared queue holds: pending, in flight, done.

    \b
    Example:
      newscrawl queue --redis redis://:PASSWORD@queue.example.org/0
    """
    queue = connect(load_settings(), redis_url, prefix)
    try:
        if clear:
            queue.clear()
            click.echo(f"Cleared {queue.prefix!r}.")
            return
        counts = queue.counts()
    except queue.errors as error:
        raise RedisUnavailable(f"cannot read the queue in Redis: {error}") from None
    click.echo(f"pending:    {counts.pending} requests, {counts.starts} start URLs")
    click.echo(f"in flight:  {counts.in_flight}")
    click.echo(f"done:       {counts.done}")
    click.echo(f"seen:       {counts.seen} URLs")
    click.echo(f"workers:    {counts.workers} alive")
