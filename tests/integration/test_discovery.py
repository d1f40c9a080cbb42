"""Real crawls of small messy sites on 127.0.0.1: how a home page leads to its articles when
robots.txt, feeds and sitemaps are relative, unusual, missing, broken or partly bad."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import get_article, list_articles, list_runs, open_engine
from tests.cli import run_newscrawl as newscrawl
from tests.sitegen import TEMPLATE, write_article, write_sitemap

PLAIN_HOME = "<html><head><title>Courier</title></head><body><h1>Courier</h1><p>Welcome.</p></body></html>"
ROBOTS = "User-agent: *\nAllow: /\n"


def site(tmp_path: Path, count: int, robots: str = ROBOTS, home: str = PLAIN_HOME) -> tuple[Path, list[str]]:
    root = tmp_path / "site"
    root.mkdir()
    paths = [write_article(root, n) for n in range(count)]
    (root / "robots.txt").write_text(robots)
    (root / "index.html").write_text(home)
    return root, paths


def crawl(
    root: Path, tmp_path: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], dict, set[str], list]:
    """The home page crawled: the result, the run's stats, the stored URLs, the paths served."""
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(root) as server:
        result = newscrawl("crawl", server.url + "/", "--db", db, "-v", *args)
        served = server.paths_served
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    engine = open_engine(db)
    [run] = list_runs(engine)
    stored = {a.url.replace(server.url, "") for a in list_articles(engine, limit=None)}
    return result, run.stats, stored, served


def test_relative_robots_sitemap_line_and_robots_fetched_once(tmp_path: Path) -> None:
    root, paths = site(tmp_path, 3, robots=ROBOTS + "Sitemap: /sitemap.xml\n")
    write_sitemap(root, paths)
    _, stats, stored, served = crawl(root, tmp_path)
    assert stored == set(paths)
    assert served.count("/robots.txt") == 1
    assert "newscrawl/discovery/probe_miss" not in stats  # robots named a sitemap: no probing


def test_json_feed_only_home_page(tmp_path: Path) -> None:
    home = PLAIN_HOME.replace(
        "</head>", '<link rel="alternate" type="application/feed+json" title="JSON" href="/feed.json"></head>'
    )
    root, paths = site(tmp_path, 3, home=home)
    items = [
        {"id": p, "url": p, "title": f"Story {p}", "date_published": "2024-04-01T10:00:00Z"} for p in paths
    ]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Courier", "items": items}
    (root / "feed.json").write_text(json.dumps(feed))
    _, stats, stored, served = crawl(root, tmp_path)
    assert stored == set(paths)
    assert stats["newscrawl/listings/feed"] == 1
    assert "/sitemap.xml" not in served


def test_site_without_robots_sitemap_or_feed_is_found_at_the_usual_location(tmp_path: Path) -> None:
    root, paths = site(tmp_path, 3)
    write_sitemap(root, paths)
    _, stats, stored, _ = crawl(root, tmp_path)
    assert stored == set(paths)
    # /sitemap_index.xml, /news-sitemap.xml, /feed and /rss answer 404: expected, no error.
    assert stats["newscrawl/discovery/probe_miss"] == 4
    assert not [key for key in stats if key.startswith("newscrawl/errors/")]


def test_site_found_only_through_links_downloads_no_files(tmp_path: Path) -> None:
    files = [
        f"/news/2024/04/01/council-budget-report-final.{suffix}"
        for suffix in ("docx", "mov", "webp", "xlsx", "ics")
    ]
    anchors = "".join(f'<a href="{path}">{path}</a>' for path in files)
    # The one feed the home page announces is gone: links are still followed.
    home = PLAIN_HOME.replace(
        "</head>", '<link rel="alternate" type="application/rss+xml" href="/gone-feed.xml"></head>'
    )
    root, paths = site(tmp_path, 3, home=home)
    (root / "index.html").write_text(
        home.replace("</body>", "".join(f'<a href="{p}">story</a>' for p in paths) + anchors + "</body>")
    )
    for path in files:
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"\0" * 1000)
    _, stats, stored, served = crawl(root, tmp_path)
    assert stored == set(paths)
    assert not set(files) & set(served)
    assert stats["newscrawl/errors/http_404"] == 1  # the announced feed; the probes are misses
    assert stats["newscrawl/discovery/probe_miss"] == 5


def test_a_listing_with_bad_entries_yields_the_others(tmp_path: Path) -> None:
    root, paths = site(tmp_path, 8, robots=ROBOTS + "Sitemap: /index-a.xml\n")
    future = TEMPLATE.read_text(encoding="utf-8").replace(
        "2024-03-17T11:20:00-07:00", "9999-12-31T23:59:59-05:00"
    )
    (root / "stories").mkdir()
    (root / "stories/far-future-dated-council-story.html").write_text(future, encoding="utf-8")
    good = [*paths[:3], "/stories/far-future-dated-council-story.html"]
    write_sitemap(root, good, {paths[0]: "9999-12-31T23:59:59Z", paths[1]: "0001-01-01"})
    sitemap = (root / "sitemap.xml").read_text()
    bad = "".join(f"<url><loc>{url}</loc></url>" for url in ("http://[::1", "http://[zz::1]/story", ""))
    (root / "sitemap.xml").write_text(sitemap.replace("</urlset>", bad + "</urlset>"))
    # A gzipped sitemap cut short: the entries before the cut are read.
    write_sitemap(root, paths[3:8])
    archive = gzip.compress((root / "sitemap.xml").read_bytes().replace(b"{{BASE}}", b""))
    (root / "sitemap.xml").write_text(sitemap.replace("</urlset>", bad + "</urlset>"))
    (root / "cut.xml.gz").write_bytes(archive[: len(archive) * 9 // 10])
    # Indexes that name each other, and the sitemaps.
    for name, other in (("index-a.xml", "index-b.xml"), ("index-b.xml", "index-a.xml")):
        children = "".join(
            f"<sitemap><loc>{{{{BASE}}}}/{c}</loc></sitemap>" for c in (other, "sitemap.xml", "cut.xml.gz")
        )
        (root / name).write_text(
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'
        )
    _, stats, stored, served = crawl(root, tmp_path)
    assert set(good) <= stored
    assert 1 <= len(stored & set(paths[3:8])) < 5
    assert stats["newscrawl/listings/cut/truncated_archive"] == 1
    assert stats["newscrawl/refused/malformed"] == 2
    assert stats["newscrawl/listing_entries/bad_date"] == 2
    # The loop ends: robots.txt's index skips the duplicate filter (a home page's listing must
    # answer), so B's link back to it is read once more; A's link to B is then a duplicate.
    assert served.count("/index-a.xml") <= 2 and served.count("/index-b.xml") == 1
    db = f"sqlite:///{tmp_path / 'news.db'}"
    [future_article] = [a for a in list_articles(open_engine(db), limit=None) if "far-future" in a.url]
    assert future_article.published_at is None or future_article.published_at.year < 9999
    assert get_article(open_engine(db), future_article.url) is not None


def test_a_long_sitemap_is_released_in_chunks_and_drained_whole(tmp_path: Path) -> None:
    """Far more entries than the backlog hands the scheduler at once (4 x CONCURRENT_REQUESTS):
    every one is still asked for, newest first, and the crawl ends."""
    root, paths = site(tmp_path, 3, robots=ROBOTS + "Sitemap: /sitemap.xml\n")
    missing = [f"/gone/{n}/story-that-is-gone-{n}.html" for n in range(300)]
    dates = {path: f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}Z" for n, path in enumerate(missing)}
    dates.update({path: "2024-04-01T00:00:00Z" for path in paths})
    write_sitemap(root, [*missing, *paths], dates)
    _, stats, stored, served = crawl(root, tmp_path, "-s", "CONCURRENT_REQUESTS=8")
    assert stored == set(paths)
    assert stats["newscrawl/errors/http_404"] == len(missing)
    assert set(served[served.index("/sitemap.xml") + 1 :][:3]) == set(paths)  # the newest first


def test_a_feed_too_slow_to_parse_costs_that_feed_only(tmp_path: Path) -> None:
    """feedparser reads broken markup at seconds a megabyte: the feed is parsed in a worker
    process under the extraction timeout, counted as bad_listing when it runs over, and the
    site's sitemap is crawled meanwhile."""
    feed_link = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    home = PLAIN_HOME.replace("</head>", feed_link + "</head>")
    root, paths = site(tmp_path, 3, robots=ROBOTS + "Sitemap: /sitemap.xml\n", home=home)
    write_sitemap(root, paths)
    # An unescaped & fails the strict parser; the loose one then walks 1.3 million tags.
    slow = '<?xml version="1.0"?><rss version="2.0"><channel><title>A & B</title>' + "<b>x</b>" * 1_300_000
    (root / "feed.xml").write_text(slow + "</channel></rss>")
    result, stats, stored, _ = crawl(root, tmp_path, "-s", "NEWSCRAWL_EXTRACT_TIMEOUT=8")
    assert stored == set(paths)
    assert stats["newscrawl/errors/bad_listing"] == 1
    assert "/feed.xml (bad_listing): parsing took over 8s" in result.stdout + result.stderr
