"""A search that cannot finish in time, on SQLite and on PostgreSQL, for the timeout tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert

from newscrawl.store.models import ArticleRow

# Rows matching "flood": ranking them reads every one, tens of milliseconds on either database.
MATCHES = 3000


def slow_search(engine: Engine) -> float:
    """A time limit that a search for "flood" cannot meet once this has stored its matches.

    PostgreSQL's statement_timeout counts whole milliseconds, so there it is one; SQLite checks
    its deadline every hundred steps of a query, so there a microsecond has passed at the first.
    """
    now = datetime.now(UTC)
    rows = [
        {
            "url": f"https://example.com/flood/{n}",
            "url_key": f"example.com/flood/{n}",
            "site": "example.com",
            "headline": f"Flood number {n}",
            "body": f"Flood number {n} reached the town. " * 100,
            "content_hash": f"flood-{n}",
            "simhash": n,
            "subheadings": [],
            "authors": [],
            "provenance": {},
            "revisits": 0,
            "fetched_at": now,
            "first_seen": now,
            "last_seen": now,
        }
        for n in range(MATCHES)
    ]
    # Straight into the table, in one statement: the writer would take half a minute for these.
    with engine.begin() as connection:
        connection.execute(insert(ArticleRow), rows)
    return 1e-6 if engine.dialect.name == "sqlite" else 0.001
