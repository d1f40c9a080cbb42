"""`newscrawl extract`: one page (file or stdin) to its Article as JSON, text or Markdown, no crawl."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newscrawl.cli.context import UserError
from newscrawl.extraction import ExtractionError
from newscrawl.markdown import article_markdown


@click.command()
@click.argument("source", metavar="FILE")
@click.option("--url", help="The page's URL (default: file:// of FILE).")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text", "markdown"]), default="json", show_default=True
)
def extract(source: str, url: str | None, fmt: str) -> None:
    """Extract the article of a saved HTML page ('-' reads stdin).

    \b
    Examples:
      newscrawl extract page.html --url https://example.com/news/story
      newscrawl extract page.html --format markdown > story.md
    """
    if source == "-":
        page = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise UserError(f"no such file: {source}")
        page = path.read_bytes()
    page_url = url or (Path(source).resolve().as_uri() if source != "-" else "file:///stdin")
    from newscrawl.extraction.extract import extract_article  # heavy: only this command needs it

    try:
        article = extract_article(page, page_url)
    except ExtractionError as error:
        raise UserError(f"{error.reason}: {error}") from error
    if fmt == "json":
        record = article.to_json()
        for internal in ("url_key", "simhash", "fetched_at", "published_raw", "modified_raw"):
            record.pop(internal, None)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(article_markdown(article), nl=False)
    else:
        click.echo(f"{article.headline}\n\n{article.body}")
