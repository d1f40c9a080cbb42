"""`newscrawl run`, `newscrawl schedule` and `newscrawl sources`: crawling the sources file."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.cli.output import format_option, print_records
from newscrawl.crawllog import LogFolder
from newscrawl.crawlprocess import Outcome
from newscrawl.exitcodes import OK, STOPPED
from newscrawl.healthreport import health_record, health_words, run_warnings
from newscrawl.runresult import describe
from newscrawl.scheduler import Scheduler, wait_seconds
from newscrawl.sources import Source, SourcesError, load_sources
from newscrawl.store import (
    SourceHealth,
    SourceState,
    articles_per_day,
    close_dead_runs,
    last_runs,
    load_states,
    source_health,
    source_sites,
)

if TYPE_CHECKING:
    from scrapy.settings import Settings
    from sqlalchemy import Engine

logger = logging.getLogger(__name__)

sources_option = click.option(
    "--sources",
    "sources_path",
    metavar="PATH",
    help="Sources file (default: $NEWSCRAWL_SOURCES or ./sources.toml).",
)
overrides_option = click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="Scrapy setting for every crawl (NEWSCRAWL_LOG_KEEP, NEWSCRAWL_LOG_MAX_AGE: for the logs).",
)
parallel_option = click.option(
    "--parallel", type=click.IntRange(min=1), default=2, show_default=True, help="Crawls at once."
)
log_dir_option = click.option(
    "--log-dir",
    metavar="PATH",
    help="Folder of the crawls' log files (default: $NEWSCRAWL_LOG_DIR, else newscrawl-logs "
    "beside the sources file).",
)


def _load(
    sources_path: str | None,
    names: tuple[str, ...],
    db: str | None,
    overrides: tuple[str, ...] = (),
    *,
    create: bool = True,
) -> tuple[Path, list[Source], Settings, Engine]:
    """The sources file (resolved), the chosen sources, the settings and the database's engine
    (created unless `create` is false, as for the commands that only read)."""
    settings = load_settings(db, overrides)
    path = Path(sources_path or settings.get("NEWSCRAWL_SOURCES"))
    try:
        sources = load_sources(path)
    except SourcesError as error:
        raise UserError(str(error)) from None
    unknown = [n for n in names if n not in {s.name for s in sources}]
    if unknown:
        raise UserError(f"{path}: no source named {unknown[0]!r}")
    chosen = [s for s in sources if not names or s.name in names]
    # Opened now, so an unusable database is one clear line before any crawl starts.
    return path.resolve(), chosen, settings, engine_for(settings, create=create)


def _scheduler(
    sources_path: str | None,
    names: tuple[str, ...],
    db: str | None,
    overrides: tuple[str, ...],
    parallel: int,
    log_dir: str | None,
) -> Scheduler:
    """A scheduler for the chosen sources, its log folder made (or one line saying why not)."""
    path, sources, settings, engine = _load(sources_path, names, db, overrides)
    folder = Path(log_dir or settings.get("NEWSCRAWL_LOG_DIR") or path.parent / "newscrawl-logs")
    logs = LogFolder(
        folder.expanduser().resolve(),
        settings.getint("NEWSCRAWL_LOG_KEEP"),
        settings.getfloat("NEWSCRAWL_LOG_MAX_AGE"),
    )
    try:
        logs.path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the log folder {logs.path}: {error.strerror}") from None
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    db_url = settings.get("NEWSCRAWL_DATABASE_URL")
    return Scheduler(engine, sources, path, db_url, logs, parallel, overrides)


def summary_line(outcome: Outcome) -> str:
    """What one crawl of `run` did, in one line."""
    stats = outcome.run.stats
    line = (
        f"{outcome.source}: {outcome.reason()}; "
        f"{stats.get('newscrawl/article_pages', 0)} article pages downloaded, "
        f"{outcome.new_articles} new, {stats.get('newscrawl/revised', 0)} revised, "
        f"{stats.get('newscrawl/skipped_stored', 0)} already stored, "
        f"{stats.get('newscrawl/listings/not_modified', 0)} listings not modified"
    )
    return line if outcome.ok or outcome.stopped else f"{line}; log: {outcome.run.log_path}"


@click.command()
@click.option("--source", "names", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@sources_option
@db_option
@parallel_option
@log_dir_option
@overrides_option
def run(
    names: tuple[str, ...],
    sources_path: str | None,
    db: str | None,
    parallel: int,
    log_dir: str | None,
    overrides: tuple[str, ...],
) -> None:
    """One incremental pass over the sources, one crawl process per source (for cron, scrapyd).

    Exits with the largest exit status of its crawls: 0 when each did its job, 130 when
    stopped by SIGINT or SIGTERM (running crawls finish their in-flight pages and flush).

    \b
    Example:
      newscrawl run --sources sources.toml --source local --parallel 4
    """
    scheduler = _scheduler(sources_path, names, db, overrides, parallel, log_dir)
    outcomes: list[Outcome] = []

    def report(outcome: Outcome, _state: SourceState) -> None:
        outcomes.append(outcome)
        click.echo(summary_line(outcome))
        for line in run_warnings(scheduler.engine, outcome.run.id):
            click.echo(line)

    not_started = scheduler.run_once(report)
    failed = [o for o in outcomes if not (o.ok or o.stopped)]
    if failed:
        click.echo(f"newscrawl: {len(failed)} of {len(scheduler.sources)} sources failed", err=True)
    if not_started:
        names_left = ", ".join(s.name for s in not_started)
        click.echo(f"newscrawl: stopped before crawling {names_left}", err=True)
    status = STOPPED if scheduler.stopping else max((o.status for o in outcomes), default=OK)
    if status != OK:
        raise SystemExit(status)


@click.command()
@sources_option
@db_option
@parallel_option
@log_dir_option
@overrides_option
def schedule(
    sources_path: str | None, db: str | None, parallel: int, log_dir: str | None, overrides: tuple[str, ...]
) -> None:
    """Crawl each source whenever it is due, until SIGINT or SIGTERM (then exit 0 once the
    running crawls have finished their in-flight pages and flushed).

    \b
    Example:
      newscrawl schedule --sources sources.toml --parallel 4
    """
    scheduler = _scheduler(sources_path, (), db, overrides, parallel, log_dir)

    def report(outcome: Outcome, state: SourceState) -> None:
        wait = (state.next_run_at - datetime.now(UTC)).total_seconds()
        logger.warning(
            "Source %s: %s, %d new articles; next run in %.0fs",
            outcome.source,
            outcome.reason(),
            outcome.new_articles,
            max(0.0, wait),
        )
        for line in run_warnings(scheduler.engine, outcome.run.id):
            logger.warning("Source %s: %s", outcome.source, line)

    scheduler.run_forever(report)


@click.command("sources")
@sources_option
@db_option
@format_option
def sources_command(sources_path: str | None, db: str | None, fmt: str) -> None:
    """Each source with its last run and how it ended, its next run and interval (doubled for
    each failure in a row), articles per day (last 7 days), and its health: the fields (dates,
    captions, ...) its sites' articles of their last day lack far more often than the week before.

    \b
    Example:
      newscrawl sources --sources sources.toml
    """
    _, sources, _, engine = _load(sources_path, (), db, create=False)
    close_dead_runs(engine)
    states = load_states(engine)
    runs = last_runs(engine)
    health = _health(engine, [s.name for s in sources])
    records = []
    for source in sources:
        state = states.get(source.name)
        last = runs.get(source.name)
        records.append(
            {
                "name": source.name,
                "last_run": last.started_at if last else None,
                "next_run": state.next_run_at if state else "when scheduled",
                "interval_s": round(wait_seconds(source, state) if state else source.interval),
                "failures": state.failures if state else 0,
                "articles_per_day": round(articles_per_day(engine, source.name), 1),
                "last_result": describe(last) if last else None,
                "last_log": last.log_path if last else None,
                "health": health_words(health[source.name]),
                "drops": health_record(health[source.name]),
            }
        )
    columns = [
        "name",
        "last_run",
        "next_run",
        "interval_s",
        "failures",
        "articles_per_day",
        "last_result",
        "health",
    ]
    print_records(records, fmt, columns)


def _health(engine: Engine, names: list[str]) -> dict[str, list[SourceHealth]]:
    """source -> the health of each site its runs stored articles for lately."""
    sites = source_sites(engine, names)
    by_site = {h.site: h for h in source_health(engine, sites=sorted({s for v in sites.values() for s in v}))}
    return {name: [by_site[site] for site in sites[name]] for name in names}
