"""SQL statements the store sends per new article, per duplicate and per seen-set check.

Counted at the cursor (SQLAlchemy's before_cursor_execute) while `ArticleWriter` saves 50 new
articles with three tags each, then 50 tracking variants of them (duplicates), then looks up
100 URL keys. Only the writer's public methods are used, so the same script counts any
checkout: `cd CHECKOUT && python PATH/TO/store_statements.py [--postgres URL]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from sqlalchemy import Engine, event

sys.path.insert(0, os.getcwd())

from newscrawl.store import ArticleWriter, open_engine
from newscrawl.urlkey import url_key
from tests.articles import make_article
from tests.pgschema import scratch_schema

COUNT = 50


def count(name: str, url: str) -> None:
    engine: Engine = open_engine(url)
    sent = [0]

    def record(*_args: object) -> None:
        sent[0] += 1

    event.listen(engine, "before_cursor_execute", record)
    writer = ArticleWriter(engine)
    urls = [f"https://example.com/news/{n}" for n in range(COUNT)]
    bodies = [f"Story {n} about the harbour. " * 40 for n in range(COUNT)]
    writer.save(
        [
            make_article(u, body=b, tags=["Budget", f"Tag {n}", "Flooding"])
            for n, (u, b) in enumerate(zip(urls, bodies, strict=True))
        ]
    )
    new, sent[0] = sent[0], 0
    writer.save([make_article(f"{u}?utm_source=x", body=b) for u, b in zip(urls, bodies, strict=True)])
    duplicates, sent[0] = sent[0], 0
    writer.fetch_states([url_key(u) for u in urls] + [url_key(f"{u}/other") for u in urls])
    print(
        f"{name}: {new / COUNT:.2f} statements per new article, {duplicates / COUNT:.2f} per duplicate, "
        f"{sent[0]} for a look-up of {2 * COUNT} URL keys"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL; a fresh schema is made and dropped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        count("SQLite", f"sqlite:///{folder}/statements.db")
    if args.postgres:
        with scratch_schema(args.postgres, "statements") as url:
            count("PostgreSQL", url)


if __name__ == "__main__":
    main()
