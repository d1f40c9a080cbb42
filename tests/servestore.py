"""A store for the web server's tests: fixture pages extracted and saved, plus generated articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from newscrawl.article import DAY, INSTANT, Article, Image
from newscrawl.extraction.extract import extract_article
from newscrawl.store import ArticleWriter, finish_run, open_engine, start_run
from newscrawl.urlkey import url_key
from tests.articles import make_article

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "serve"
GAZETTE = "https://www.gazette.example/news/"
# Extraction strips markup from tags; a store written by another version, an import or a
# bug could still hold any text in them, so the hostile article's tags are given as such.
HOSTILE_TAGS = ["<script>window.pwned=10</script>", '<img src=x onerror="window.pwned=11">', "Harbour fees"]
GENERATED = 45
# Generated articles: every third mentions the harbour (search pages), two share a
# publication time (ties in the listing order), a few have no date at all, and a few only a
# day (listed among the instants by its start in UTC).
HARBOUR_EVERY = 3
DAY_ALONE_EVERY = 7


@dataclass(frozen=True)
class Filled:
    url: str
    lighthouse: int
    hostile: int
    copy: int
    generated: list[int]


def _page(name: str, url: str) -> Article:
    return extract_article(
        (PAGES / f"{name}.html").read_bytes(), url, content_type="text/html; charset=utf-8"
    )


def _generated(n: int) -> Article:
    site = "gazette.example" if n % 2 else "courier.example"
    words = "harbour boats moorings" if n % HARBOUR_EVERY == 0 else "budget council schools"
    published = None if n % 11 == 5 else datetime(2024, 3, 1, 8, tzinfo=UTC) + timedelta(hours=7 * (n // 2))
    day_alone = published is not None and n % DAY_ALONE_EVERY == 3
    if published is not None and day_alone:
        published = published.replace(hour=0)
    body = " ".join(f"Report {n}, line {i}, about the {words} of the town." for i in range(4 + 3 * (n % 5)))
    return make_article(
        f"https://www.{site}/{'coast' if n % 2 else 'business'}/report-{n}.html",
        body,
        section="Coast" if n % 2 else "Business",
        headline=f"Report {n} on the {words}",
        authors=["Maren Holt"] if n % 4 == 0 else ["Jonas Berg", "Ida Lund"],
        tags=["Harbour"] if n % HARBOUR_EVERY == 0 else ["Budget"],
        caption=f"A picture for report {n}" if n % 2 else None,
        image_credit=None,
        images=[Image(f"https://www.{site}/img/{n}.jpg", f"A picture for report {n}")] if n % 2 else [],
        published_at=published,
        published_date=published.date() if published else None,
        published_precision=(DAY if day_alone else INSTANT) if published else None,
    )


def fill(url: str) -> Filled:
    """Fill the store at `url` (created here) and return the ids the tests look at."""
    engine = open_engine(url)
    writer = ArticleWriter(engine)
    run_id = start_run(engine, "news", [GAZETTE], source="gazette")
    lighthouse_url = f"{GAZETTE}lighthouse.html"
    [first] = writer.save([_page("lighthouse-v1", lighthouse_url)], run_id)
    # A later run finds the page changed: a second version.
    revisit = start_run(engine, "news", [GAZETTE], source="gazette")
    writer.save([_page("lighthouse-v2", lighthouse_url)], revisit)
    finish_run(
        engine,
        revisit,
        "finished",
        {"downloader/response_count": 1, "downloader/response_status_count/200": 1},
    )
    hostile = _page("hostile", f"{GAZETTE}fees.html")
    hostile.tags = HOSTILE_TAGS
    [bad] = writer.save([hostile], run_id)
    copy = _page("lighthouse-v2", "https://www.courier.example/coast/lighthouse-copy.html")
    copy.provenance = {**copy.provenance, "near_duplicate_of": url_key(lighthouse_url)}
    [copied] = writer.save([copy], run_id)
    made = writer.save([_generated(n) for n in range(GENERATED)], run_id)
    # Two articles published at the same instant: the listing orders them by fetch, then id.
    same = datetime(2024, 3, 20, 12, tzinfo=UTC)
    with engine.begin() as connection:
        ids = [r.article_id for r in made]
        connection.execute(
            text("UPDATE articles SET published_at = :at, fetched_at = :at WHERE id IN (:a, :b)"),
            {"at": same, "a": ids[0], "b": ids[2]},
        )
        # First stored over the last ten days: the charts have days to show.
        for index, article_id in enumerate(ids):
            seen = datetime.now(UTC) - timedelta(days=index % 10)
            connection.execute(
                text("UPDATE articles SET first_seen = :seen WHERE id = :id"),
                {"seen": seen, "id": article_id},
            )
    finish_run(
        engine,
        run_id,
        "finished",
        {"downloader/response_count": 52, "downloader/response_status_count/200": 52, "newscrawl/stored": 49},
    )
    engine.dispose()
    return Filled(url, first.article_id, bad.article_id, copied.article_id, [r.article_id for r in made])
