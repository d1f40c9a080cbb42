"""The `newscrawl` command group and its error handling."""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import SQLAlchemyError

from newscrawl import __version__
from newscrawl.cli.articles import articles, runs
from newscrawl.cli.crawl import crawl
from newscrawl.cli.demo import demo
from newscrawl.cli.extract import extract
from newscrawl.cli.interrupt import Interrupted
from newscrawl.cli.load import import_command
from newscrawl.cli.sources import run, schedule, sources_command
from newscrawl.exitcodes import STOPPED
from newscrawl.store import StoreError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newscrawl")
def cli() -> None:
    """newscrawl: crawl news sites into clean, deduplicated articles, and query them.

    \b
    Example:
      newscrawl crawl https://www.example.com/ && newscrawl articles list
    """


cli.add_command(crawl)
cli.add_command(articles)
cli.add_command(runs)
cli.add_command(demo)
cli.add_command(extract)
cli.add_command(import_command)
cli.add_command(run)
cli.add_command(schedule)
cli.add_command(sources_command)


def main() -> None:
    """Run the CLI; storage failures become one line, not a traceback."""
    try:
        cli.main(standalone_mode=True)
    except Interrupted:
        click.echo("newscrawl: stopped by a signal", err=True)
        sys.exit(STOPPED)
    except StoreError as error:
        click.echo(f"newscrawl: {error}", err=True)
        sys.exit(1)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        click.echo(f"newscrawl: database error: {reason}", err=True)
        sys.exit(1)
