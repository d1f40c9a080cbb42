"""`newscrawl run`, `newscrawl schedule` and `newscrawl sources`: crawling the sources file."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.cli.output import format_option, print_records
from newscrawl.scheduler import Scheduler, finished_outcome, spawn_crawl
from newscrawl.sources import Source, SourcesError, load_sources
from newscrawl.store import articles_per_day, list_runs, load_states

if TYPE_CHECKING:
    from sqlalchemy import Engine

sources_option = click.option(
    "--sources",
    "sources_path",
    metavar="PATH",
    help="Sources file (default: $NEWSCRAWL_SOURCES or ./sources.toml).",
)


def _load(
    sources_path: str | None, names: tuple[str, ...], db: str | None
) -> tuple[Path, list[Source], str, Engine]:
    """The sources file (resolved), the chosen sources, the database URL and its engine."""
    settings = load_settings(db)
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
    return path.resolve(), chosen, settings.get("NEWSCRAWL_DATABASE_URL"), engine_for(settings)


@click.command()
@click.option("--source", "names", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@sources_option
@db_option
@click.option(
    "-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Scrapy setting for every crawl."
)
def run(names: tuple[str, ...], sources_path: str | None, db: str | None, overrides: tuple[str, ...]) -> None:
    """One incremental pass over the sources, one crawl process per source (for cron, scrapyd).

    \b
    Example:
      newscrawl run --sources sources.toml --source local
    """
    path, sources, db_url, engine = _load(sources_path, names, db)
    failed = 0
    for source in sources:
        started = datetime.now(UTC)
        process = spawn_crawl(source, path, db_url, overrides)
        process.wait()
        outcome = finished_outcome(engine, source.name, process, started)
        stats = outcome.run.stats if outcome.run else {}
        click.echo(
            f"{source.name}: {outcome.reason()}; "
            f"{stats.get('newscrawl/article_pages', 0)} article pages downloaded, "
            f"{outcome.new_articles} new, {stats.get('newscrawl/revised', 0)} revised, "
            f"{stats.get('newscrawl/skipped_stored', 0)} already stored, "
            f"{stats.get('newscrawl/listings/not_modified', 0)} listings not modified"
        )
        failed += not outcome.ok
    if failed:
        click.echo(f"newscrawl: {failed} of {len(sources)} sources failed", err=True)
        raise SystemExit(1)


@click.command()
@sources_option
@db_option
@click.option("--parallel", type=click.IntRange(min=1), default=2, show_default=True, help="Crawls at once.")
@click.option(
    "-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Scrapy setting for every crawl."
)
def schedule(sources_path: str | None, db: str | None, parallel: int, overrides: tuple[str, ...]) -> None:
    """Crawl each source whenever it is due, until SIGINT or SIGTERM.

    \b
    Example:
      newscrawl schedule --sources sources.toml --parallel 4
    """
    path, sources, db_url, engine = _load(sources_path, (), db)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    Scheduler(engine, sources, path, db_url, parallel, overrides).run_forever()


@click.command("sources")
@sources_option
@db_option
@format_option
def sources_command(sources_path: str | None, db: str | None, fmt: str) -> None:
    """Each source with its last run, next run and articles per day (last 7 days).

    \b
    Example:
      newscrawl sources --sources sources.toml
    """
    _, sources, _, engine = _load(sources_path, (), db)
    states = load_states(engine)
    runs = list_runs(engine, 1000)
    records = []
    for source in sources:
        state = states.get(source.name)
        # Newest first: the first run of this source is its last, whoever started it.
        last = next((r for r in runs if r.source == source.name), None)
        records.append(
            {
                "name": source.name,
                "last_run": last.started_at if last else None,
                "last_result": last.finish_reason if last else None,
                "next_run": state.next_run_at if state else "when scheduled",
                "interval_s": round(state.interval_seconds if state else source.interval),
                "articles_per_day": round(articles_per_day(engine, source.name), 1),
            }
        )
    print_records(
        records, fmt, ["name", "last_run", "last_result", "next_run", "interval_s", "articles_per_day"]
    )
