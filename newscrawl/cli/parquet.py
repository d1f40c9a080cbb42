"""Writing articles to a Parquet file in row groups, through pyarrow (the optional `parquet` extra)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, BinaryIO

from newscrawl.article import DAY, StoredArticle
from newscrawl.cli.context import UserError
from newscrawl.cli.output import ARTICLE_COLUMNS

# Articles a row group holds: what is kept in memory (as Arrow arrays) before it is written.
# Readers skip and parallelise by row group, so they are not made as small as a batch read.
ROW_GROUP_ROWS = 5000


def require_pyarrow() -> Any:
    """pyarrow, or the one line that says how to get it."""
    try:
        # The `parquet` extra: imported here, only when asked for, so that newscrawl runs without it.
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UserError("--format parquet needs pyarrow: pip install 'newscrawl[parquet]'") from None
    return pyarrow


def article_schema() -> Any:
    """The Parquet columns: article_record's keys, in its order, each with its own type
    (lists stay lists, times are UTC timestamps) rather than the JSON text CSV has."""
    pa = require_pyarrow()
    text, names, stamp = pa.string(), pa.list_(pa.string()), pa.timestamp("us", tz="UTC")
    image = pa.struct([("url", text), ("caption", text), ("credit", text)])
    types = {
        "id": pa.int64(),
        "titles": pa.map_(text, text),
        "subheadings": names,
        "block_kinds": names,
        "images": pa.list_(image),
        "tags": names,
        "authors": names,
        "aliases": names,
        "published_at": stamp,
        "published_date": pa.date32(),
        "modified_at": stamp,
        "fetched_at": stamp,
        "listing_date": stamp,
        "first_seen": stamp,
        "last_seen": stamp,
        "simhash": pa.int64(),
        "provenance": pa.map_(text, text),
    }
    return pa.schema([(name, types.get(name, text)) for name in ARTICLE_COLUMNS])


def write_parquet(batches: Iterable[list[StoredArticle]], out: BinaryIO) -> int:
    """Every article of `batches` into `out`, ROW_GROUP_ROWS a row group; the count written."""
    pa = require_pyarrow()
    schema = article_schema()
    held: list[Any] = []
    written = held_rows = 0
    with pa.parquet.ParquetWriter(out, schema) as writer:
        for articles in batches:
            # Arrow arrays hold a batch in a fraction of the memory its Python objects take.
            rows = [_row(article) for article in articles]
            held.append(pa.RecordBatch.from_pylist(rows, schema=schema))
            held_rows += len(rows)
            if held_rows >= ROW_GROUP_ROWS:
                writer.write_table(pa.Table.from_batches(held, schema), row_group_size=held_rows)
                written, held, held_rows = written + held_rows, [], 0
        if held_rows:
            writer.write_table(pa.Table.from_batches(held, schema), row_group_size=held_rows)
    return written + held_rows


def _row(article: StoredArticle) -> dict[str, Any]:
    """The article's columns. published_at holds instants only: a page that gave a day alone
    has none here, its day being published_date (published_precision 'date'). modified_at has
    no day column beside it, so a day alone stays its start in UTC, marked by modified_precision."""
    row = dataclasses.asdict(article)
    if article.published_precision == DAY:
        row["published_at"] = None
    return row
