"""The `newscrawl` command group and its error handling."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from sqlalchemy.exc import SQLAlchemyError

from newscrawl import __version__, exitcodes
from newscrawl.cli.articles import articles, runs
from newscrawl.cli.crawl import crawl
from newscrawl.cli.db import db_command
from newscrawl.cli.demo import demo
from newscrawl.cli.extract import extract
from newscrawl.cli.interrupt import Interrupted
from newscrawl.cli.load import import_command
from newscrawl.cli.reextract import reextract
from newscrawl.cli.serve import serve
from newscrawl.cli.sources import run, schedule, sources_command
from newscrawl.cli.workers import enqueue, queue_command, worker
from newscrawl.store import StoreError, database_reason


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
cli.add_command(reextract)
cli.add_command(run)
cli.add_command(schedule)
cli.add_command(sources_command)
cli.add_command(db_command)
cli.add_command(worker)
cli.add_command(enqueue)
cli.add_command(queue_command)
cli.add_command(serve)


def main() -> None:
    """Run the CLI; every mistake and storage failure is one line on stderr, never a traceback."""
    try:
        status = cli.main(standalone_mode=False)
    except click.UsageError as error:
        # click would print a usage block; one line that names the command's help is enough.
        where = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        _fail(f"{error.format_message()}{where}", exitcodes.USAGE)
    except click.ClickException as error:
        _fail(error.format_message(), error.exit_code)
    except Interrupted:
        _fail("stopped by a signal", exitcodes.STOPPED)
    except click.Abort:
        _fail("stopped", exitcodes.STOPPED)
    except StoreError as error:
        _fail(str(error), exitcodes.FAILED)
    except SQLAlchemyError as error:
        _fail(f"database error: {database_reason(error)}", exitcodes.FAILED)
    # Without standalone mode click returns a command's ctx.exit() status (--help's 0) instead.
    sys.exit(status if isinstance(status, int) else exitcodes.OK)


def _fail(message: str, status: int) -> NoReturn:
    click.echo(f"newscrawl: {' '.join(message.split())}", err=True)
    sys.exit(status)
