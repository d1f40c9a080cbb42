"""`newscrawl reextract`: the current extractor run again over kept pages, no download."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import click

from newscrawl import __version__
from newscrawl.article import Article
from newscrawl.cli.context import UserError, db_option, engine_for, load_settings
from newscrawl.cli.filters import parse_date
from newscrawl.cli.interrupt import Interrupted, held
from newscrawl.crawl.pool import ExtractionAbandoned, ExtractionPool, WorkersUnavailable
from newscrawl.extraction import ExtractionError
from newscrawl.extraction.hints import hints_from
from newscrawl.keptpage import DamagedPage, page_bytes
from newscrawl.store import Sessions, sessions
from newscrawl.store.reextraction import (
    PageFilter,
    SameBody,
    StoredPage,
    apply_extraction,
    page_batches,
    pageless_articles,
    site_known,
)

# Pages extracted at once and written in one transaction: enough to keep every worker busy,
# few enough that a stop loses at most this many pages' work.
BATCH = 50


@dataclass
class Tally:
    read: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    articles: set[int] = field(default_factory=set)

    def line(self) -> str:
        return (
            f"{self.read} pages read: {self.changed} changed ({len(self.articles)} articles), "
            f"{self.unchanged} unchanged, {self.failed} failed; "
            f"{self.skipped} articles skipped (no kept page)"
        )


@click.command()
@db_option
@click.option("--site", help="Only this site's articles (host name, without www.).")
@click.option("--since", help="Only pages fetched on or after this date (YYYY-MM-DD or ISO 8601).")
@click.option("--until", help="Only pages fetched before this date.")
def reextract(db: str | None, site: str | None, since: str | None, until: str | None) -> None:
    """Extract the kept pages again with this newscrawl's extractor, downloading nothing.

    What changed is written over the stored article (an older version's page: over that
    revision's text) and recorded as an extraction change, not as a publisher's revision.
    Articles stored without a page (NEWSCRAWL_KEEP_HTML off, or an older newscrawl) are skipped.

    \b
    Example:
      newscrawl reextract --site example.com --since 2026-01-01
    """
    chosen = PageFilter(site, parse_date(since), parse_date(until))
    settings = load_settings(db)
    engine = engine_for(settings, create=False)
    database = sessions(engine)
    if site is not None and not site_known(database, site):
        raise UserError(f"no stored articles of site {site!r}")
    workers = settings.getint("NEWSCRAWL_EXTRACT_WORKERS") or os.cpu_count() or 1
    pool = ExtractionPool(workers, settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT"))
    tally = Tally(skipped=pageless_articles(database, chosen))
    try:
        asyncio.run(_reextract(pool, database, chosen, tally))
    except WorkersUnavailable as error:
        raise click.ClickException(f"{error}; {tally.line()}") from None
    except Interrupted:
        click.echo(f"stopped; kept what was written: {tally.line()}")
        raise
    finally:
        pool.close()
        engine.dispose()
    click.echo(tally.line())


async def _reextract(pool: ExtractionPool, database: Sessions, chosen: PageFilter, tally: Tally) -> None:
    for batch in page_batches(database, chosen, BATCH):
        extracted = await asyncio.gather(*(_extract(pool, page) for page in batch))
        now = datetime.now(UTC)
        # A stop signal waits for the batch's transaction: what is written is whole.
        with held(), database.writing("writing re-extracted articles failed") as session:
            for page, article in zip(batch, extracted, strict=True):
                tally.read += 1
                if article is None:
                    tally.failed += 1
                    continue
                try:
                    changed = apply_extraction(session, page, article, now, __version__)
                except SameBody as error:
                    click.echo(f"newscrawl: {error}", err=True)
                    tally.failed += 1
                    continue
                if changed:
                    tally.changed += 1
                    tally.articles.add(page.article_id)
                else:
                    tally.unchanged += 1


async def _extract(pool: ExtractionPool, page: StoredPage) -> Article | None:
    """The page's Article by the current extractor, or None (said on stderr) when there is none."""
    try:
        body = page_bytes(page.data, page.compression)  # here: a damaged page fails alone
        return await pool.extract(body, page.url, hints_from(page.hints), page.content_type)
    except (ExtractionAbandoned, WorkersUnavailable):
        raise
    except DamagedPage as error:
        click.echo(f"newscrawl: {page.url}: {error}", err=True)
    except ExtractionError as error:
        click.echo(f"newscrawl: {page.url}: {error.reason}: {error}", err=True)
    except Exception as error:  # the extractor's bug on one page must not stop the others
        click.echo(f"newscrawl: {page.url}: extraction failed: {error!r}", err=True)
    return None
