"""`newscrawl articles list|search|show` and `newscrawl runs`: querying what was stored."""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import json
from pathlib import Path

import click

from newscrawl.cli.context import MAX_ROW_NUMBER, UserError, db_option, engine_for, limit_type, load_settings
from newscrawl.cli.export import export_command
from newscrawl.cli.filters import filter_options
from newscrawl.cli.output import article_record, format_option, print_records
from newscrawl.markdown import article_markdown
from newscrawl.runresult import run_record
from newscrawl.store import (
    SEARCH_TIMEOUT_SECONDS,
    ArticleFilters,
    SearchRefused,
    SearchTimedOut,
    StoreError,
    close_dead_runs,
    get_article,
    list_articles,
    list_revisions,
    list_runs,
    list_stories,
    near_duplicates_of,
    search,
)
from newscrawl.urlkey import InvalidUrl, url_key


def _article_reference(value: str) -> str:
    """An article id (digits, within the database's range) or a URL that can be parsed."""
    if value.isascii() and value.isdigit():
        if int(value) > MAX_ROW_NUMBER:
            raise UserError(f"no stored article matches {value!r}: ids go up to {MAX_ROW_NUMBER}")
        return value
    if value.isdigit():
        # '²' or '٣' pass str.isdigit() but are no id, and no URL either.
        raise UserError(f"not an article id or URL: {value!r}")
    try:
        # Looked up by its key, as every URL is: any spelling of a stored URL finds it.
        url_key(value)
    except InvalidUrl as error:
        raise UserError(f"not an article id or URL: {value!r} ({error})") from None
    return value


@click.group()
def articles() -> None:
    """Query stored articles."""


articles.add_command(export_command)


@articles.command("list")
@db_option
@filter_options
@click.option("--limit", type=limit_type, default=50, show_default=True)
@click.option(
    "--group-stories",
    is_flag=True,
    help="One row per story: its first article and its count of copies (near-duplicates).",
)
@format_option
def list_command(
    db: str | None,
    filters: ArticleFilters,
    limit: int,
    group_stories: bool,
    fmt: str,
) -> None:
    """List stored articles, newest first.

    \b
    Example:
      newscrawl articles list --site example.com --since 2024-01-01 --format jsonl
      newscrawl articles list --group-stories
    """
    engine = engine_for(load_settings(db), create=False)
    if group_stories:
        stories = list_stories(engine, filters, limit=limit)
        records = [
            {**article_record(s.first), "copies": s.copies, "article_ids": s.article_ids} for s in stories
        ]
        print_records(records, fmt, ["id", "published_at", "copies", "site", "headline"])
        return
    found = list_articles(engine, filters, limit=limit)
    print_records([article_record(a) for a in found], fmt, ["id", "published_at", "site", "headline"])


@articles.command("search")
@click.argument("query")
@db_option
@filter_options
@click.option("--limit", type=limit_type, default=20, show_default=True)
@click.option(
    "--timeout",
    type=float,
    default=SEARCH_TIMEOUT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Stop a search that runs longer, in the database server too.",
)
@format_option
def search_command(
    query: str, db: str | None, filters: ArticleFilters, limit: int, timeout: float, fmt: str
) -> None:
    """Full-text search over headline, description and body, best match first.

    Articles with every word of QUERY match; also "a phrase", this OR that, -without,
    -"a phrase" and prefix*, alike on SQLite and PostgreSQL. Words match their other forms
    (floods finds flood). At most 32 words and 512 characters. The filters of `articles
    list` narrow the search.

    \b
    Examples:
      newscrawl articles search "asylum russia"
      newscrawl articles search 'Trump OR Merkel "climate deal" -Biden negotiat*'
    """
    engine = engine_for(load_settings(db), create=False)
    try:
        hits = search(engine, query, limit, timeout, filters).hits
    except SearchRefused as error:
        raise UserError(str(error)) from None
    except SearchTimedOut as error:
        raise StoreError(f"{error}, or allow it more time with --timeout") from None
    records = [{**article_record(h.article), "snippet": h.snippet} for h in hits]
    if fmt == "table":
        for record in records:
            click.echo(f"{record['id']}  {record['headline']}\n    {record['snippet']}")
        return
    print_records(records, fmt, ["id", "headline", "snippet"])


@articles.command("show")
@click.argument("id_or_url")
@db_option
@click.option("--revisions", is_flag=True, help="Show every version, with what changed.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
def show_command(id_or_url: str, db: str | None, revisions: bool, fmt: str) -> None:
    """Show one article by id or by any URL that led to it.

    \b
    Examples:
      newscrawl articles show 12 --revisions
      newscrawl articles show 12 --format markdown > story.md
    """
    reference = _article_reference(id_or_url)
    engine = engine_for(load_settings(db), create=False)
    article = get_article(engine, reference)
    if article is None:
        raise UserError(f"no stored article matches {id_or_url!r}")
    if fmt == "markdown":
        if revisions:
            raise UserError("--revisions is shown as text or JSON, not as Markdown")
        click.echo(article_markdown(article), nl=False)
        return
    record = article_record(article)
    versions = list_revisions(engine, article.id) if revisions else []
    copies = near_duplicates_of(engine, article.id)
    if fmt == "json":
        if revisions:
            record["revisions"] = [dataclasses.asdict(v) for v in versions]
        record["near_duplicates"] = [
            {"id": c.article.id, "relation": c.relation, "url": c.article.url, "site": c.article.site}
            for c in copies
        ]
        click.echo(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(article.headline)
    click.echo("=" * min(len(article.headline), 80))
    for name in (
        "id",
        "url",
        "site",
        "section",
        "authors",
        "published_at",
        "published_date",
        "modified_at",
        "language",
        "tags",
        "caption",
        "image_credit",
        "aliases",
    ):
        value = record.get(name)
        if value:
            click.echo(f"{name + ':':14}{', '.join(value) if isinstance(value, list) else value}")
    for kind, title in article.titles.items():
        click.echo(f"{kind + ' title:':14}{title}")
    if copies:
        click.echo(f"near-duplicates ({len(copies)}):")
        for copy in copies:
            click.echo(f"  {copy.article.id:>6}  {copy.relation:10}  {copy.article.url}")
    click.echo()
    if not revisions:
        click.echo(article.body)
        return
    for older, newer in itertools.pairwise(versions):
        click.echo(f"--- version {older.version} (fetched {older.fetched_at})")
        click.echo(f"+++ version {newer.version} (fetched {newer.fetched_at})")
        old_text = [older.headline, "", *older.body.split("\n\n")]
        new_text = [newer.headline, "", *newer.body.split("\n\n")]
        for line in difflib.unified_diff(old_text, new_text, lineterm="", n=1):
            if not line.startswith(("---", "+++")):
                click.echo(line)
        click.echo()
    click.echo(
        f"{len(versions)} version(s); the article shows version {versions[-1].version if versions else 1}."
    )


@click.command()
@db_option
@click.option("--limit", type=limit_type, default=20, show_default=True)
@format_option
def runs(db: str | None, limit: int, fmt: str) -> None:
    """Crawl history with each run's result and stats, newest first.

    A run whose process is gone without closing it shows as killed; one still open on another
    host as unfinished (from here nothing tells whether it still runs).

    \b
    Example:
      newscrawl runs --limit 5 --format jsonl
    """
    engine = engine_for(load_settings(db), create=False)
    close_dead_runs(engine)
    records = [
        {
            **run_record(run),
            # The table has room for the file's name; its folder is the same for every run.
            **({"stats": run.stats} if fmt != "table" else {"log": Path(run.log_path or "").name}),
        }
        for run in list_runs(engine, limit)
    ]
    print_records(
        records,
        fmt,
        ["id", "started_at", "result", "pages", "stored", "duplicates", "errors", "source", "log"],
    )
