"""The filters `articles list|search|export` share: their options, gathered into one ArticleFilters."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from newscrawl.cli.context import UserError
from newscrawl.store import ArticleFilters, filter_time

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(value: str | None) -> datetime | None:
    """YYYY-MM-DD or ISO 8601; without a zone, UTC."""
    if value is None:
        return None
    try:
        return filter_time(value)
    except ValueError as error:
        raise UserError(str(error)) from None


def filter_options(command: F) -> F:
    """--site, --since, --until, --tag, --lang, --section and --author, in that order on the
    command's help; the command receives them as one `filters: ArticleFilters` argument."""

    @functools.wraps(command)
    def gathered(
        *args: Any,
        site: str | None,
        since: str | None,
        until: str | None,
        tag: str | None,
        lang: str | None,
        section: str | None,
        author: str | None,
        **kwargs: Any,
    ) -> Any:
        filters = ArticleFilters(
            site=site,
            since=parse_date(since),
            until=parse_date(until),
            tag=tag,
            language=lang,
            section=section,
            author=author,
        )
        return command(*args, filters=filters, **kwargs)

    wrapped: Any = gathered
    for option in reversed(
        (
            click.option("--site", help="Only this site (host name, without www.)."),
            click.option("--since", help="Published on or after this date (YYYY-MM-DD)."),
            click.option("--until", help="Published before this date."),
            click.option("--tag", help="Only articles with this tag (case-insensitive)."),
            click.option("--lang", help="Only articles in this language (ISO 639-1)."),
            click.option("--section", help="Only articles of this section (case-insensitive)."),
            click.option("--author", help="Only articles by this author (whole name, case-insensitive)."),
        )
    ):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[no-any-return]
