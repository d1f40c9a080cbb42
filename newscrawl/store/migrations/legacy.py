"""Bringing a store made before the migrations existed up to a given schema, keeping its rows."""

from __future__ import annotations

from sqlalchemy import Connection, MetaData, inspect, text

from newscrawl.store.dialect import index_names


def adopt(connection: Connection, metadata: MetaData) -> None:
    """Tables, columns and indexes of `metadata` that an older newscrawl's store lacks.

    Before the migrations, every newscrawl changed the schema only by adding these on opening:
    a store of any of those releases is `metadata` once they are added.
    """
    metadata.create_all(connection, checkfirst=True)
    add_missing_columns(connection, metadata)
    add_missing_indexes(connection, metadata)


def add_missing_columns(connection: Connection, metadata: MetaData) -> None:
    """Columns that a newer newscrawl added to a table an older one created.

    New columns are nullable or have a default, so old rows stay valid.
    """
    inspector = inspect(connection)
    for table in metadata.sorted_tables:
        existing = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in existing:
                continue
            kind = column.type.compile(dialect=connection.dialect)
            default = getattr(column.default, "arg", None)
            clause = f" DEFAULT {int(default)}" if isinstance(default, (int, bool)) else ""
            connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{clause}'))


def add_missing_indexes(connection: Connection, metadata: MetaData) -> None:
    """Indexes that a newer newscrawl added to a table an older one created.

    create_all makes a table's indexes only with the table. Looked up by name in the catalogue
    (the inspector of some versions skips SQLite's expression indexes).
    """
    for table in metadata.sorted_tables:
        existing = index_names(connection, table.name)
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if index.name not in existing:
                index.create(connection)
