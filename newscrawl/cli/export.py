"""`newscrawl articles export`: every matching article as JSON lines, CSV or Parquet, streamed."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import click

from newscrawl import exitcodes
from newscrawl.article import StoredArticle
from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.cli.filters import filter_options
from newscrawl.cli.output import ARTICLE_COLUMNS, article_record, csv_row, json_line
from newscrawl.cli.parquet import require_pyarrow, write_parquet
from newscrawl.store import ArticleFilters, stream_articles

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


class WriteFailed(click.ClickException):
    """The output could not be written to midway (a full disk, say): one line, status FAILED."""

    exit_code = exitcodes.FAILED


def _write_text(fmt: str, batches: Iterable[list[StoredArticle]], out: BinaryIO) -> None:
    # UTF-8 whatever the locale says, and newline="" so that CSV's \r\n row ends stay as written.
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            for articles in batches:
                text.writelines(json_line(article_record(a)) + "\n" for a in articles)
        else:
            writer = csv.DictWriter(text, fieldnames=ARTICLE_COLUMNS)
            writer.writeheader()
            for articles in batches:
                writer.writerows(csv_row(article_record(a)) for a in articles)
        text.flush()
    finally:
        text.detach()  # the caller owns `out`, standard output included


def _write(fmt: str, batches: Iterable[list[StoredArticle]], out: BinaryIO) -> None:
    if fmt == "parquet":
        write_parquet(batches, out)
    else:
        _write_text(fmt, batches, out)


def _to_stdout(fmt: str, batches: Iterable[list[StoredArticle]]) -> None:
    try:
        _write(fmt, batches, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): that is its choice, not an error. Standard output
        # goes to /dev/null so that Python's own flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        raise WriteFailed(f"cannot write to standard output: {error.strerror or error}") from None


def _to_file(fmt: str, batches: Iterable[list[StoredArticle]], path: Path) -> None:
    try:
        out = path.open("wb")
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with out:
            _write(fmt, batches, out)
    except BaseException as error:
        # A partial export looks like a whole one (JSON lines and CSV end at any row): none is
        # left behind. Only a file of our own making; /dev/stdout or a pipe is no such file.
        if path.is_file():
            path.unlink()
        if isinstance(error, OSError):
            raise WriteFailed(f"cannot write {path}: {error.strerror or error}") from None
        raise


@click.command("export")
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (default: standard output; Parquet needs a file).",
)
def export_command(
    db: str | None,
    filters: ArticleFilters,
    fmt: str,
    output: Path | None,
) -> None:
    """Export every matching article, newest first: no limit, in constant memory.

    \b
    jsonl    one article a line, the record `articles list --format json` prints
    csv      one row an article with a header; list and dict fields (tags, authors,
             subheadings, aliases, images, provenance) are JSON text in their cell
    parquet  typed columns (lists stay lists, times are UTC timestamps); needs -o and
             pyarrow: pip install 'newscrawl[parquet]'

    \b
    Examples:
      newscrawl articles export --site example.com --since 2024-01-01 -o example.jsonl
      newscrawl articles export --format csv --tag budget > budget.csv
      newscrawl articles export --format parquet -o articles.parquet
    """
    if fmt == "parquet":
        if output is None:
            raise UserError("--format parquet writes a file, not standard output: add -o FILE")
        require_pyarrow()
    engine = engine_for(load_settings(db), create=False)
    batches = stream_articles(engine, filters)
    if output is None:
        _to_stdout(fmt, batches)
    else:
        _to_file(fmt, batches, output)
