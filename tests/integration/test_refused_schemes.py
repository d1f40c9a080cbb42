"""A hostile site whose listings, robots.txt, feed links and redirects point at file://, data:,
ftp://, s3:// and javascript: URLs: the real CLI crawls it, stores its ordinary articles, and
neither reads the local file nor stores anything those URLs would have led to."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, open_engine
from tests.cli import run_newscrawl as newscrawl
from tests.sitegen import TEMPLATE, write_article, write_feed, write_sitemap

MARKER = "SECRET-MARKER-7f3c9e1a"
DATA_MARKER = "DATA-MARKER-52b8d4f0"
ORDINARY = 4


def article_like(marker: str) -> str:
    """A full news article page, with `marker` in its headline and in every paragraph."""
    page = TEMPLATE.read_text(encoding="utf-8")
    page = re.sub(r"<p>", f"<p>{marker} ", page)
    return page.replace("Firefighters contain wildfire", f"{marker}: firefighters contain wildfire")


def short_article(marker: str) -> str:
    """An article page small enough for a data: URL under Scrapy's URL length limit (2083)."""
    words = " ".join(f"{marker} the harbour pier reopened on Monday after repairs." for _ in range(6))
    return (
        '<html><head><meta property="og:type" content="article"><title>Pier reopens</title></head>'
        f"<body><article><h1>{marker}: pier reopens</h1><p>{words}</p></article></body></html>"
    )


def hostile_site(tmp_path: Path) -> tuple[Path, dict[str, int], list[str]]:
    """The site's folder, the refusals a crawl of it must count, and its ordinary articles."""
    secret = tmp_path / "secret-article.html"  # outside the served folder
    secret.write_text(article_like(MARKER), encoding="utf-8")
    root = tmp_path / "site"
    root.mkdir()
    articles = [write_article(root, n) for n in range(ORDINARY)]

    def file_url(via: str) -> str:
        # One URL per way in: the crawl's dupefilter would hide all but the first of equal URLs.
        return f"{secret.as_uri()}?via={via}"

    payload = base64.b64encode(short_article(DATA_MARKER).encode()).decode()

    def data_url(via: str) -> str:
        return f"data:text/html;via={via};base64,{payload}"

    def hostile(via: str) -> list[str]:
        return [
            file_url(via),
            data_url(via),
            f"ftp://127.0.0.1:1/{via}.html",
            f"s3://bucket/{via}.html",
            "javascript:alert(1)",
        ]

    # Each hostile URL is also the target of a redirect (301, 302, 303, 307, 308 in turn) and of
    # a meta refresh, from pages the sitemap lists.
    statuses = (301, 302, 303, 307, 308)
    redirects = [f"/redirect-{n}" for n in range(len(statuses))]
    (root / "_redirects.txt").write_text(
        "".join(
            f"{path} {url} {status}\n"
            for path, url, status in zip(redirects, hostile("redirect"), statuses, strict=True)
        )
    )
    refreshes = [f"/refresh-{n}.html" for n in range(len(statuses))]
    for path, target in zip(refreshes, hostile("refresh"), strict=True):
        (root / path.lstrip("/")).write_text(
            f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head>'
            "<body><p>Moved.</p></body></html>"
        )
    write_sitemap(root, [*articles[:2], *redirects, *refreshes])
    sitemap = (root / "sitemap.xml").read_text()
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in [*hostile("sitemap"), "http://[oops/x"])
    (root / "sitemap.xml").write_text(sitemap.replace("</urlset>", entries + "</urlset>"))
    children = ["{{BASE}}/sitemap.xml", *hostile("index")]
    (root / "sitemap-index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in children)
        + "</sitemapindex>"
    )
    write_feed(root, articles[2:], ["Mon, 01 Apr 2024 10:00:00 GMT", "Mon, 01 Apr 2024 09:00:00 GMT"])
    feed = (root / "feed.xml").read_text()
    items = "".join(f"<item><title>Item</title><link>{u}</link></item>" for u in hostile("feed"))
    (root / "feed.xml").write_text(feed.replace("</channel>", items + "</channel>"))
    feed_links = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="{u}">'
        for u in ["{{BASE}}/feed.xml", *hostile("feedlink"), "http://[oops/feed.xml"]
    )
    (root / "index.html").write_text(
        f"<html><head><title>Hostile News</title>{feed_links}</head>"
        "<body><h1>Hostile News</h1><p>Today's stories.</p></body></html>"
    )
    robots = "".join(f"Sitemap: {u}\n" for u in ["{{BASE}}/sitemap-index.xml", *hostile("robots")])
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n" + robots)
    # Sitemap, sitemap index, feed, feed links, robots.txt, redirects and meta refreshes.
    ways_in = 7
    refused = {
        f"newscrawl/refused/scheme/{scheme}": ways_in
        for scheme in ("file", "data", "ftp", "s3", "javascript")
    }
    refused["newscrawl/refused/malformed"] = 1  # the sitemap's; the feed link's is not a link
    # feedparser drops a feed item's javascript: link itself: no entry, nothing to refuse.
    refused["newscrawl/refused/scheme/javascript"] = ways_in - 1
    return root, refused, articles


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp_path = tmp_path_factory.mktemp("hostile")
    root, refused, articles = hostile_site(tmp_path)
    db = tmp_path / "news.db"
    with SiteServer(root) as server:
        result = newscrawl("crawl", server.url + "/", "--db", f"sqlite:///{db}", "-v")
    return {"db": db, "result": result, "refused": refused, "articles": articles, "base": server.url}


def database_bytes(db: Path) -> bytes:
    """The SQLite file and its journals, whatever has not been checkpointed yet."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_crawl_goes_on_and_stores_the_ordinary_articles(crawled: dict) -> None:
    result = crawled["result"]
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    stored = {a.url for a in list_articles(open_engine(f"sqlite:///{crawled['db']}"), limit=None)}
    assert stored == {crawled["base"] + path for path in crawled["articles"]}


def test_nothing_from_a_refused_url_reaches_the_database(crawled: dict) -> None:
    data = database_bytes(crawled["db"])
    assert b"firefighters contain wildfire" in data.lower()  # the ordinary articles are there
    assert MARKER.encode() not in data
    assert DATA_MARKER.encode() not in data


def test_refusals_are_counted_by_scheme(crawled: dict) -> None:
    [run] = list_runs(open_engine(f"sqlite:///{crawled['db']}"))
    refusals = {k: v for k, v in run.stats.items() if k.startswith("newscrawl/refused/")}
    assert refusals == crawled["refused"]
    # A refusal is not a failure: no download error, no HTTP 301 or 302 error.
    assert not [k for k in run.stats if k.startswith("newscrawl/errors/")]


def test_each_refusal_is_logged_with_its_url(crawled: dict) -> None:
    output = crawled["result"].stderr
    for via in ("sitemap", "index", "feed", "feedlink", "robots", "redirect", "refresh"):
        assert f"secret-article.html?via={via}" in output, via
    assert "ftp://127.0.0.1:1/robots.html" in output
    # The five listings each name javascript:alert(1): one line says so.
    refused = [line.split("] ", 1)[1] for line in output.splitlines() if "Refused " in line]
    assert sorted(refused) == sorted(set(refused))
    assert "INFO: Refused javascript:alert(1) (scheme/javascript)" in refused


def test_without_the_middleware_scrapy_still_cannot_fetch_them(tmp_path: Path) -> None:
    """Defence in depth: with HttpOnlyMiddleware taken out, Scrapy has no file, data, s3 or ftp
    download handler to fetch those URLs with (DOWNLOAD_HANDLERS)."""
    root, _, articles = hostile_site(tmp_path)
    db = tmp_path / "news.db"
    # Replacing the project's DOWNLOADER_MIDDLEWARES takes out all of newscrawl's.
    unguarded = '{"newscrawl.crawl.schemes.HttpOnlyMiddleware": null}'
    with SiteServer(root) as server:
        args = ("-s", f"DOWNLOADER_MIDDLEWARES={unguarded}")
        result = newscrawl("crawl", server.url + "/", "--db", f"sqlite:///{db}", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    data = database_bytes(db)
    assert MARKER.encode() not in data
    assert DATA_MARKER.encode() not in data
    stored = {a.url for a in list_articles(open_engine(f"sqlite:///{db}"), limit=None)}
    assert stored == {server.url + path for path in articles}
    # Each file:, data:, ftp: and s3: URL of the five listings fails for want of a handler
    # (Scrapy itself follows no redirect to them).
    unsupported = re.findall(r"Failed (\w+):\S* \(download\): Unsupported URL scheme", result.stderr)
    assert sorted(unsupported) == sorted(["file", "data", "ftp", "s3"] * 5)
