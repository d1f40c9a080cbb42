"""A real crawl of a site with a syndicated story (canonical on another host), a story under a
same-site canonical and a percent-escaped URL: each is stored under the URL and site it was found
at, found again by any spelling, and fetched again through its listed URL when its lastmod moves."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import get_article, list_articles, list_runs, open_engine
from tests.cli import run_newscrawl as run
from tests.sitegen import write_article, write_sitemap

SOURCES = """[[source]]
name = "local"
sitemaps = ["{base}/sitemap.xml"]
"""
WIRE = "https://wire.example/stories/storm-hits-coast"
ESCAPED = "/news/2024/04/05/caf%C3%A9-owners-count-the-cost.html"


def _write_site(root: Path, edition: int, lastmod: str) -> tuple[str, str, str]:
    """Three stories: one syndicated from the wire, one whose canonical is elsewhere on this
    site, one at a percent-escaped URL; the sitemap lists them with `lastmod`."""
    syndicated, moved = write_article(root, 0, edition), write_article(root, 1, edition)
    _add_to_head(root, syndicated, f'<link rel="canonical" href="{WIRE}">')
    _add_to_head(root, moved, '<link rel="canonical" href="{{BASE}}/news/storm-one">')
    escaped_file = root / ESCAPED.lstrip("/")
    escaped_file.parent.mkdir(parents=True, exist_ok=True)
    (root / write_article(root, 2, edition).lstrip("/")).rename(escaped_file)
    paths = [syndicated, moved, ESCAPED]
    write_sitemap(root, paths, dict.fromkeys(paths, lastmod))
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return syndicated, moved, ESCAPED


def _add_to_head(root: Path, path: str, markup: str) -> None:
    file = root / path.lstrip("/")
    file.write_text(
        file.read_text(encoding="utf-8").replace("</head>", f"{markup}</head>", 1), encoding="utf-8"
    )


def test_urls_keep_their_identity_through_two_crawls(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    syndicated, moved, escaped = _write_site(root, 0, "2024-04-01T10:00:00Z")
    db = f"sqlite:///{tmp_path / 'news.db'}"
    engine = open_engine(db)
    with SiteServer(root) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=server.url))
        first = run("run", "--sources", str(sources), "--db", db)
        assert first.returncode == 0, first.stdout + first.stderr
        site = server.url.removeprefix("http://")

        copy = get_article(engine, server.url + syndicated)
        assert copy is not None
        assert (copy.url, copy.site, copy.canonical_url) == (server.url + syndicated, site, WIRE)
        listed = run("articles", "list", "--site", site, "--db", db, "--format", "jsonl")
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 3
        shown = run("articles", "show", WIRE, "--db", db, "--format", "json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["id"] == copy.id

        other = get_article(engine, server.url + moved)
        assert other is not None and other.url == server.url + "/news/storm-one"
        lowercase = server.url + escaped.replace("%C3%A9", "%c3%a9")
        shown = run("articles", "show", lowercase, "--db", db, "--format", "json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["url"] == server.url + escaped

        # Every story is edited and its lastmod moves: each is fetched again through the URL
        # the sitemap lists, the moved one through its alias, and none is stored twice.
        _write_site(root, 1, "2024-04-02T10:00:00Z")
        second = run("run", "--sources", str(sources), "--db", db)
        assert second.returncode == 0, second.stdout + second.stderr

    runs = sorted(list_runs(engine), key=lambda r: r.id)
    assert [r.stats.get("newscrawl/stored", 0) for r in runs] == [3, 0]
    assert [r.stats.get("newscrawl/revised", 0) for r in runs] == [0, 3]
    assert runs[1].stats.get("newscrawl/revisits/listing_date_moved") == 3
    stored = list_articles(engine, limit=None)
    assert len(stored) == 3 and all("edition 1" in a.body for a in stored)
