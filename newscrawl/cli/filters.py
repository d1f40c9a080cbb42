"""The filters `articles list` and `articles export` share: their options and their parsing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import click

from newscrawl.cli.context import UserError

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(value: str | None) -> datetime | None:
    """YYYY-MM-DD or ISO 8601; without a zone, UTC."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"not a date (use YYYY-MM-DD or ISO 8601): {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def filter_options(command: F) -> F:
    """--site, --since, --until, --tag and --lang, in that order on the command's help."""
    for option in reversed(
        (
            click.option("--site", help="Only this site (host name, without www.)."),
            click.option("--since", help="Published on or after this date (YYYY-MM-DD)."),
            click.option("--until", help="Published before this date."),
            click.option("--tag", help="Only articles with this tag (case-insensitive)."),
            click.option("--lang", help="Only articles in this language (ISO 639-1)."),
        )
    ):
        command = option(command)
    return command
