"""Shared CLI plumbing: the settings every command loads and the one-line error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from scrapy.settings import Settings

from newscrawl import exitcodes
from newscrawl.cli.overrides import BadOverride, typed_value
from newscrawl.store import StoreError, open_engine

if TYPE_CHECKING:
    from sqlalchemy import Engine


# Article ids and row limits are bound as signed 64-bit integers, the widest that SQLite and
# PostgreSQL's bigint take: a larger number is a mistake, not a database error.
MAX_ROW_NUMBER = 2**63 - 1
limit_type = click.IntRange(min=1, max=MAX_ROW_NUMBER)


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit status USAGE."""

    exit_code = exitcodes.USAGE

    def show(self, file: object = None) -> None:
        click.echo(f"newscrawl: {self.format_message()}", err=True)


def load_settings(db: str | None = None, overrides: tuple[str, ...] = ()) -> Settings:
    """newscrawl.settings (and so the environment), then --db, then -s NAME=VALUE."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    if db:
        settings.set("NEWSCRAWL_DATABASE_URL", db, priority="cmdline")
    for override in overrides:
        name, sep, value = override.partition("=")
        if not sep or not name.strip():
            raise UserError(f"-s expects NAME=VALUE, got {override!r}")
        try:
            typed = typed_value(name.strip(), value, settings.get(name.strip()))
        except BadOverride as error:
            raise UserError(str(error)) from None
        settings.set(name.strip(), typed, priority="cmdline")
    return settings


def engine_for(settings: Settings, *, create: bool = True) -> Engine:
    """The engine of the settings' database; with create=False (every command that only reads)
    a database that does not exist yet is an error, and nothing is created."""
    try:
        return open_engine(settings.get("NEWSCRAWL_DATABASE_URL"), create=create)
    except StoreError as error:
        raise UserError(str(error)) from error


db_option = click.option(
    "--db",
    metavar="URL",
    help="Database URL or SQLite file (default: $NEWSCRAWL_DATABASE_URL or ./newscrawl.db).",
)
