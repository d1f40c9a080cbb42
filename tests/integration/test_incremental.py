"""`newscrawl run` against a site that changes between runs: only what is new or changed is
downloaded, an edited article becomes a revision, and an unchanged site costs no article page."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawl import exitcodes
from newscrawl.exitcodes import UNREACHABLE
from newscrawl.siteserver import SiteServer
from newscrawl.store import get_article, list_articles, list_runs, open_engine
from tests.cli import run_newscrawl as run
from tests.sitegen import article_path, write_article, write_feed, write_sitemap

SOURCES = """[[source]]
name = "local"
feeds = ["{base}/feed.xml"]
sitemaps = ["{base}/sitemap.xml"]
interval = "15m"
"""


def test_three_runs_over_a_changing_site(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    paths = [write_article(root, n) for n in range(6)]
    write_feed(root, paths[:3], ["Mon, 01 Apr 2024 10:00:00 GMT"] * 3)
    write_sitemap(root, paths[2:4], {paths[2]: "2024-04-01T10:00:00Z", paths[3]: "2024-04-01T09:00:00Z"})
    db = f"sqlite:///{tmp_path / 'news.db'}"
    engine = open_engine(db)
    with SiteServer(root) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=server.url))
        first = run("run", "--sources", str(sources), "--db", db)
        assert first.returncode == 0, first.stdout + first.stderr

        # Two new stories appear in the feed; story 3 is edited and its lastmod moves.
        write_feed(
            root,
            [paths[5], paths[4], *paths[:3]],
            ["Tue, 02 Apr 2024 10:00:00 GMT"] * 2 + ["Mon, 01 Apr 2024 10:00:00 GMT"] * 3,
        )
        write_article(root, 3, edition=1)
        write_sitemap(root, paths[2:4], {paths[2]: "2024-04-01T10:00:00Z", paths[3]: "2024-04-02T12:00:00Z"})
        second = run("run", "--sources", str(sources), "--db", db)
        third = run("run", "--sources", str(sources), "--db", db)
        edited_url = server.url + article_path(3)

    assert second.returncode == third.returncode == 0, second.stdout + third.stdout
    runs = sorted(list_runs(engine), key=lambda r: r.id)
    pages = [r.stats.get("newscrawl/article_pages", 0) for r in runs]
    stored = [r.stats.get("newscrawl/stored", 0) for r in runs]
    revised = [r.stats.get("newscrawl/revised", 0) for r in runs]
    assert pages == [4, 3, 0]
    assert stored == [4, 2, 0]
    assert revised == [0, 1, 0]
    assert runs[2].stats["newscrawl/listings/not_modified"] == 2
    assert [r.source for r in runs] == ["local"] * 3
    assert len(list_articles(engine, limit=None)) == 6
    assert "local: finished; 3 article pages downloaded, 2 new, 1 revised" in second.stdout

    listed = run("sources", "--sources", str(sources), "--db", db, "--format", "json")
    [row] = json.loads(listed.stdout)
    assert (row["name"], row["last_result"], row["articles_per_day"]) == (
        "local",
        "finished",
        round(6 / 7, 1),
    )

    edited = get_article(engine, edited_url)
    assert edited is not None and "edition 1" in edited.body
    shown = run("articles", "show", edited_url, "--revisions", "--format", "json", "--db", db)
    versions = json.loads(shown.stdout)["revisions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert "edition 0" in versions[0]["body"] and "edition 1" in versions[1]["body"]
    diff = run("articles", "show", edited_url, "--revisions", "--db", db)
    assert "-Story" in diff.stdout and "+Story" in diff.stdout and "edition 1" in diff.stdout


def test_run_reports_a_failing_source(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(base="http://127.0.0.1:9"))
    result = run(
        "run", "--sources", str(sources), "--db", f"sqlite:///{tmp_path / 'x.db'}", "-s", "RETRY_TIMES=0"
    )
    assert result.returncode == UNREACHABLE
    assert result.stdout.startswith("local: failed: no page could be fetched (2 errors)")
    assert "1 of 1 sources failed" in result.stderr


def test_bad_sources_file_is_one_line(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(base="http://127.0.0.1:9") + 'fedds = ["x"]\n')
    result = run("run", "--sources", str(sources), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == exitcodes.USAGE
    assert result.stderr.strip() == f"newscrawl: {sources}:6: source 'local': fedds: unknown key " + (
        "(known: name, start_urls, feeds, sitemaps, allowed_domains, allow, deny, interval, "
        "min_interval, max_interval, max_age, revisit_within, max_revisits, settings, site_rules)"
    )
