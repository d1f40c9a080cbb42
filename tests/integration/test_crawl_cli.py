"""The real CLI, in a subprocess, crawling the fixture site served on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.siteserver import SiteServer
from newscrawl.store import get_article, list_articles, list_runs, open_engine
from tests.cli import run_newscrawl as newscrawl

PAGES = {
    "hngn": "/articles/244610/20220928/"
    "expresses-openness-accept-russian-people-seeking-asylum-amid-vladimir-putins.htm",
    "wire": "/news/2024/03/20/central-bank-holds-rates-steady.html",
    "wire_copy": "/business/2024/03/20/rates-unchanged-wire-copy.html",
    "solar": "/news/2024/03/14/farmers-fallow-fields-solar-gardens.html",
    "solar_amp": "/amp/news/2024/03/14/farmers-fallow-fields-solar-gardens.html",
    "council": "/news/2024/03/12/riverside-council-approves-record-budget-flood-defences/",
    "gallery": "/news/2024/03/18/in-pictures-lantern-festival-old-harbour.html",
}
STORED_ON_SITE = 10


def summary(output: str) -> dict[str, int]:
    counts = {}
    for line in output.splitlines():
        name, sep, value = line.partition(":")
        if sep and value.strip().split(" ")[0].isdigit():
            counts[name.strip()] = int(value.strip().split(" ")[0])
    return counts


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, site: SiteServer) -> dict[str, object]:
    """The fixture site's home page crawled twice into one database."""
    db = f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'news.db'}"
    first = newscrawl("crawl", site.url + "/", "--db", db, "-v")
    second = newscrawl("crawl", site.url + "/", "--db", db, "-v")
    return {"db": db, "first": first, "second": second}


def test_first_crawl_stores_each_article_once(crawled: dict) -> None:
    first = crawled["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    counts = summary(first.stdout)
    assert counts["articles stored"] == STORED_ON_SITE
    assert len(list_articles(open_engine(crawled["db"]), limit=None)) == STORED_ON_SITE
    assert counts["non-articles"] >= 4  # home page, tag listing, video page, paywalled teaser
    assert counts["errors"] == 1  # the sitemap's deleted story answers 404
    assert "story-that-was-deleted.html (http_404)" in first.stderr


def test_every_variant_url_leads_to_one_article(crawled: dict, site: SiteServer) -> None:
    engine = open_engine(crawled["db"])
    wire = get_article(engine, site.url + PAGES["wire"])
    assert wire is not None
    for variant in (PAGES["wire"] + "?utm_source=rss&utm_medium=feed", PAGES["wire_copy"]):
        found = get_article(engine, site.url + variant)
        assert found is not None and found.id == wire.id, variant
    # Same body, other URL: whichever of the two was extracted first is the article (the
    # feed and the news sitemap race), the other one its alias.
    known = {urlsplit(url).path for url in [wire.url, *wire.aliases]}
    assert {PAGES["wire"], PAGES["wire_copy"]} <= known
    solar = get_article(engine, site.url + PAGES["solar_amp"])
    assert solar is not None and solar.url == site.url + PAGES["solar"]


def test_redirected_feed_link_is_stored_under_its_target(crawled: dict, site: SiteServer) -> None:
    gallery = get_article(open_engine(crawled["db"]), site.url + PAGES["gallery"])
    assert gallery is not None and gallery.headline.startswith("In pictures")


def test_non_articles_are_not_stored(crawled: dict) -> None:
    urls = {a.url for a in list_articles(open_engine(crawled["db"]), limit=None)}
    assert not any(part in url for url in urls for part in ("/tag/", "/video/", "quiet-fight"))


def test_hngn_page_is_clean(crawled: dict, site: SiteServer) -> None:
    article = get_article(open_engine(crawled["db"]), site.url + PAGES["hngn"])
    assert article is not None
    assert article.tags == ["Us", "Russia", "Asylum", "Vladimir putin"]
    assert article.section == "Headlines"  # served from 127.0.0.1: generic rules, no site file
    assert article.image_credit == "JUSSI NUKARI/Lehtikuva/AFP via Getty Images"
    assert not {"Headlines", "YouTube", "Tags", "Real Time Analytics"} & set(article.paragraphs)


def test_second_crawl_downloads_no_stored_article(crawled: dict) -> None:
    second = crawled["second"]
    assert second.returncode == 0, second.stderr[-3000:]
    counts = summary(second.stdout)
    assert counts["articles stored"] == 0
    assert counts["duplicates skipped"] == 0
    [latest, _] = list_runs(open_engine(crawled["db"]))
    # The feed and both sitemaps answer 304 Not Modified: no entry is even considered.
    # The sitemap index is read again: its children may change while it does not.
    assert latest.stats["newscrawl/listings/not_modified"] == 3
    assert latest.stats["newscrawl/listings/sitemapindex"] == 1
    assert "newscrawl/article_pages" not in latest.stats


def test_stored_articles_are_not_downloaded_again(tmp_path: Path, site: SiteServer) -> None:
    """Without conditional requests the listings are read again, but no stored article is fetched."""
    db = f"sqlite:///{tmp_path / 'again.db'}"
    newscrawl("crawl", site.url + "/sitemap-news.xml", "--db", db)
    again = newscrawl(
        "crawl", site.url + "/sitemap-news.xml", "--db", db, "-s", "NEWSCRAWL_CONDITIONAL_LISTINGS=false"
    )
    counts = summary(again.stdout)
    assert counts["articles stored"] == 0
    # Five stored articles plus the same-body copy, known as an alias of the wire story.
    assert counts["already stored"] == 6
    [latest, _] = list_runs(open_engine(db))
    # Only what was never stored is fetched again: the paywalled teaser.
    assert latest.stats["newscrawl/article_pages"] == 1


def test_each_crawl_writes_a_run_row(crawled: dict) -> None:
    runs = list_runs(open_engine(crawled["db"]))
    assert [r.finish_reason for r in runs] == ["finished", "finished"]
    assert runs[1].stats["newscrawl/stored"] == STORED_ON_SITE
    assert "newscrawl/stored" not in runs[0].stats


def test_queries_through_the_cli(crawled: dict) -> None:
    db = crawled["db"]
    listed = newscrawl("articles", "list", "--db", db, "--format", "jsonl", "--tag", "Budget")
    assert listed.returncode == 0, listed.stderr
    [record] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert record["headline"].startswith("Riverside council approves")
    assert {"id", "url", "body", "tags", "images", "provenance", "content_hash"} <= set(record)
    found = newscrawl("articles", "search", "asylum mobilization", "--db", db, "--format", "json")
    assert json.loads(found.stdout)[0]["headline"].startswith("US Expresses Openness")
    german = newscrawl("articles", "list", "--db", db, "--lang", "de", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(german.stdout)))
    assert "Fernwärmenetz" in row["headline"] and json.loads(row["tags"])[0] == "Fernwärme"
    shown = newscrawl("articles", "show", str(record["id"]), "--db", db)
    assert "Mayor Ellen Park" in shown.stdout
    runs = newscrawl("runs", "--db", db, "--format", "json")
    assert [r["stored"] for r in json.loads(runs.stdout)] == [0, STORED_ON_SITE]


def test_single_article_feed_and_sitemap_urls(tmp_path: Path, site: SiteServer) -> None:
    db = f"sqlite:///{tmp_path / 'one.db'}"
    article = newscrawl("crawl", site.url + PAGES["council"], "--db", db)
    assert summary(article.stdout)["articles stored"] == 1, article.stderr[-2000:]
    sitemap = newscrawl("crawl", site.url + "/sitemap-news.xml", "--db", db)
    assert summary(sitemap.stdout)["articles stored"] == 5, sitemap.stdout + sitemap.stderr[-3000:]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "not a url"], "not an http(s) URL"),
        (["crawl", "ftp://example.com/"], "not an http(s) URL"),
        (["crawl", "http://127.0.0.1:9/", "--db", "nosuchdialect://x"], "unsupported database"),
        (
            ["crawl", "http://127.0.0.1:9/", "--db", "postgresql://nobody@127.0.0.1:1/x"],
            "cannot open database",
        ),
        (
            ["articles", "list", "--since", "last tuesday", "--db", "sqlite:///{tmp}/x.db"],
            "not a date",
        ),
        (["articles", "show", "999", "--db", "sqlite:///{tmp}/x.db"], "no database at"),
        (["crawl", "http://127.0.0.1:9/", "-s", "NOEQUALS"], "NAME=VALUE"),
    ],
)
def test_user_mistakes_get_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = newscrawl(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3  # click's usage line may precede it


def test_feed_that_is_not_xml_is_counted(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text("this is not a feed {{BASE}}")
    (tmp_path / "broken.html").write_bytes(b"\x00\x01\x02binary" * 100)
    with SiteServer(tmp_path) as server:
        result = newscrawl(
            "crawl",
            server.url + "/feed.xml",
            server.url + "/broken.html",
            "--db",
            f"sqlite:///{tmp_path / 'x.db'}",
        )
    assert result.returncode == 0, result.stderr[-2000:]
    counts = summary(result.stdout)
    assert counts["articles stored"] == 0
    assert counts["errors"] + counts["non-articles"] == 2
    assert "Traceback" not in result.stderr
