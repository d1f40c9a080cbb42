"""`newscrawl import`: store articles from a JSON-lines file, such as a crawl's spill file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newscrawl.article import Article
from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.keptpage import PAGE_KEY, page_from_record
from newscrawl.store import ArticleWriter, Outcome


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
def import_command(path: str, db: str | None) -> None:
    """Store the articles of a JSON-lines file (one Article per line).

    \b
    Example:
      newscrawl import newscrawl-unsaved-1764138000.jsonl
    """
    file = Path(path)
    if not file.is_file():
        raise UserError(f"no such file: {path}")
    articles = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = Article.from_json(record)
            if PAGE_KEY in record:
                article.page = page_from_record(record[PAGE_KEY])
            articles.append(article)
        except (ValueError, TypeError, KeyError) as error:
            raise UserError(f"{path}:{number}: not an article record ({error})") from error
    results = ArticleWriter(engine_for(load_settings(db))).save(articles)
    stored = sum(r.outcome is Outcome.STORED for r in results)
    click.echo(f"{stored} stored, {len(results) - stored} already present")
