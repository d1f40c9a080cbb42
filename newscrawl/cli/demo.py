"""`newscrawl demo`: serve the bundled news site locally, crawl it, list what was stored."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import click

from newscrawl.cli.context import engine_for, load_settings
from newscrawl.cli.crawl import run_crawl
from newscrawl.cli.output import article_record, print_records
from newscrawl.crawl.summary import Summary
from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles


@click.command()
@click.option(
    "--db",
    "db_path",
    default="newscrawl-demo.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite file to create (replaced if it exists).",
)
def demo(db_path: str) -> None:
    """Crawl a small news site served on 127.0.0.1, with no internet needed.

    \b
    Example:
      newscrawl demo && newscrawl articles list --db newscrawl-demo.db
    """
    path = Path(db_path)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    settings = load_settings(str(path.resolve()))
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    settings.set("NEWSCRAWL_PROGRESS", True, priority="cmdline")
    with as_file(files("newscrawl") / "demo_site") as root, SiteServer(Path(root)) as server:
        click.echo(f"Serving the demo site at {server.url}/ and crawling it into {path} ...")
        stats = run_crawl([server.url + "/"], settings)
    click.echo(Summary.from_stats(stats).report())
    click.echo()
    stored = list_articles(engine_for(settings), limit=None)
    print_records([article_record(a) for a in stored], "table", ["id", "published_at", "section", "headline"])
    click.echo(
        f'\nNext: newscrawl articles show 1 --db {path}   |   newscrawl articles search "asylum" --db {path}'
    )
