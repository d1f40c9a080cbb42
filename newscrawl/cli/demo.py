"""`newscrawl demo`: serve the bundled news site locally, crawl it, list what was stored."""

from __future__ import annotations

import ipaddress
import sqlite3
from contextlib import closing
from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import urlsplit

import click

from newscrawl.cli.context import MAX_ROW_NUMBER, UserError, engine_for, load_settings
from newscrawl.cli.crawl import run_crawl
from newscrawl.cli.output import article_record, print_records
from newscrawl.crawl.summary import Summary
from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs

# The demo's mark in its file's SQLite header (PRAGMA application_id, "NCdm"). Only a file
# carrying it, every crawl and article of which is still of a local site, is the demo's to
# replace: the README's first command writes ./newscrawl.db, which may hold real crawls.
DEMO_APPLICATION_ID = int.from_bytes(b"NCdm", "big")


def _application_id(path: Path) -> int | None:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            return int(db.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.Error:
        return None  # not a SQLite database at all


def _local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_replaceable(path: Path) -> None:
    """Nothing, if the demo may (re)create `path`; a UserError saying why not otherwise."""
    if not path.exists():
        return
    if _application_id(path) != DEMO_APPLICATION_ID:
        raise UserError(
            f"{path} exists and is not a database the demo made; give another --db, or move it away"
        )
    engine = engine_for(load_settings(str(path.resolve())), create=False)
    try:
        start_urls = [url for run in list_runs(engine, MAX_ROW_NUMBER) for url in run.start_urls]
        foreign = not all(map(_local, start_urls)) or not all(
            _local(article.url) for article in list_articles(engine, limit=None)
        )
    finally:
        engine.dispose()
    if foreign:
        raise UserError(
            f"{path} was made by the demo but now holds articles of other sites; give another --db, "
            "or move it away"
        )


def mark_as_demo(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
        db.commit()


@click.command()
@click.option(
    "--db",
    "db_path",
    default="newscrawl-demo.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite file to create (replaced only if an earlier demo made it).",
)
def demo(db_path: str) -> None:
    """Crawl a small news site served on 127.0.0.1, with no internet needed.

    \b
    Example:
      newscrawl demo && newscrawl articles list --db newscrawl-demo.db
    """
    path = Path(db_path)
    check_replaceable(path)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    settings = load_settings(str(path.resolve()))
    # Marked before the crawl, so that a demo stopped half-way can still be run again.
    engine_for(settings).dispose()
    mark_as_demo(path)
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
