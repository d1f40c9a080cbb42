"""The `newscrawl` command group and its error handling."""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import click
from sqlalchemy.exc import SQLAlchemyError

from newscrawl import __version__, exitcodes
from newscrawl.cli.interrupt import Interrupted
from newscrawl.store import StoreError, database_reason

# Each command's module by its name, imported only when that command runs (or --help lists
# them all): a crawl's first request should not wait for the query, export and server code.
COMMANDS = {
    "crawl": "newscrawl.cli.crawl:crawl",
    "articles": "newscrawl.cli.articles:articles",
    "runs": "newscrawl.cli.articles:runs",
    "demo": "newscrawl.cli.demo:demo",
    "extract": "newscrawl.cli.extract:extract",
    "import": "newscrawl.cli.load:import_command",
    "reextract": "newscrawl.cli.reextract:reextract",
    "run": "newscrawl.cli.sources:run",
    "schedule": "newscrawl.cli.sources:schedule",
    "sources": "newscrawl.cli.sources:sources_command",
    "db": "newscrawl.cli.db:db_command",
    "worker": "newscrawl.cli.workers:worker",
    "enqueue": "newscrawl.cli.workers:enqueue",
    "queue": "newscrawl.cli.workers:queue_command",
    "serve": "newscrawl.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A command group that imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _, name = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newscrawl")
def cli() -> None:
    """newscrawl: crawl news sites into clean, deduplicated articles, and query them.

    \b
    Example:
      newscrawl crawl https://www.example.com/ && newscrawl articles list
    """


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
