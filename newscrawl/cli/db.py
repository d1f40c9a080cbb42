"""`newscrawl db upgrade|current|history`: the store's schema revision and its migrations."""

from __future__ import annotations

import click

from newscrawl.cli.context import UserError, db_option, load_settings
from newscrawl.store import StoreError
from newscrawl.store.db import store_revision, upgrade_store
from newscrawl.store.migrations.runner import head, history


@click.group("db")
def db_command() -> None:
    """The store's schema: its revision, and the migrations to bring it up to date.

    Every command migrates the store it opens, so `db upgrade` is never required; it does it
    on purpose (before starting many crawlers, or on a new PostgreSQL database).
    """


def _url(db: str | None) -> str:
    return str(load_settings(db).get("NEWSCRAWL_DATABASE_URL"))


@db_command.command("upgrade")
@db_option
def upgrade_command(db: str | None) -> None:
    """Migrate the store to this newscrawl's schema, creating it if there is none.

    \b
    Example:
      newscrawl db upgrade --db postgresql://crawler@db.internal/news
    """
    try:
        upgraded = upgrade_store(_url(db))
    except StoreError as error:
        raise UserError(str(error)) from error
    upgraded.engine.dispose()
    if upgraded.created:
        click.echo(f"created the schema at revision {upgraded.after} (head)")
    elif upgraded.before == upgraded.after:
        click.echo(f"already at revision {upgraded.after} (head)")
    else:
        click.echo(f"upgraded from {upgraded.before or 'no revision'} to {upgraded.after} (head)")


@db_command.command("current")
@db_option
def current_command(db: str | None) -> None:
    """Print the store's schema revision, without changing anything.

    \b
    Example:
      newscrawl db current --db news.db
    """
    try:
        revision = store_revision(_url(db))
    except StoreError as error:
        raise UserError(str(error)) from error
    if revision is None:
        click.echo("none (made before migrations; `newscrawl db upgrade` brings it to the baseline)")
    else:
        click.echo(f"{revision} (head)" if revision == head() else revision)


@db_command.command("history")
def history_command() -> None:
    """List the migrations this newscrawl knows, newest first."""
    for step in history():
        click.echo(f"{step.down_revision or '<base>'} -> {step.revision}: {step.message.splitlines()[0]}")
