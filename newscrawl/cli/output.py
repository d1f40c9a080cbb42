"""Printing articles and runs as a table, JSON, JSON lines or CSV."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import click

from newscrawl.article import StoredArticle

FORMATS = ("table", "json", "jsonl", "csv")
_ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True
)


# The keys of article_record, in its order: what a CSV of articles has for a header, rows or not.
ARTICLE_COLUMNS = ("id", *(f.name for f in dataclasses.fields(StoredArticle) if f.name != "id"))


def article_record(article: StoredArticle) -> dict[str, Any]:
    """Its id first, then every Article field."""
    record = article.to_json()
    return {"id": record.pop("id"), **record}


def json_line(record: dict[str, Any]) -> str:
    """A record as one line of JSON, as `--format jsonl` and `articles export` write it."""
    return json.dumps(record, ensure_ascii=False, default=str)


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a CSV row: lists (tags, authors, ...) and dicts as JSON text, so that a
    value holding a comma or a semicolon comes back whole."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in record.items()
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and _ISO_TIME.match(value):
        return value[:16].replace("T", " ")  # UTC, to the minute: a table is for reading
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    width = shutil.get_terminal_size((120, 20)).columns
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    # The last column takes what the terminal has left.
    widths[-1] = max(10, min(widths[-1], width - sum(widths[:-1]) - 2 * (len(columns) - 1)))
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in cells:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def print_records(records: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for record in records:
            click.echo(json_line(record))
    elif fmt == "csv":
        fields = list(records[0]) if records else list(columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow(csv_row(record))
    else:
        print_table(records, columns)
