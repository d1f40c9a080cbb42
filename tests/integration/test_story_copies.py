"""A story syndicated to three sites, each crawled by the real CLI in its own process: the second
and third copies are linked to the first, `articles show` lists the others and
`articles list --group-stories` counts one story with three copies; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from contextlib import ExitStack
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_stories, near_duplicates_of, open_engine
from tests.cli import run_newscrawl as run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "syndicated"
# In the order they publish the story: the first one crawled is the original.
SITES = ("harbourgazette", "valleyherald", "northstarnews")
SOURCE = """[[source]]
name = "{name}"
sitemaps = ["{base}/sitemap.xml"]
"""


def test_a_story_on_three_sites_is_one_story_with_three_copies(database_url: str, tmp_path: Path) -> None:
    db = database_url
    with ExitStack() as stack:
        servers = {}
        for name in SITES:
            # Each site on its own port of 127.0.0.1: three hosts to the crawler.
            root = shutil.copytree(FIXTURES / name, tmp_path / name)
            servers[name] = stack.enter_context(SiteServer(root))
        for name in SITES:
            sources = tmp_path / f"{name}.toml"
            sources.write_text(SOURCE.format(name=name, base=servers[name].url))
            crawled = run("run", "--sources", str(sources), "--db", db)
            assert crawled.returncode == 0, crawled.stdout + crawled.stderr

    engine = open_engine(db)
    stored = sorted(list_articles(engine, limit=None), key=lambda a: a.id)
    assert len(stored) == 3
    first, second, third = stored
    assert [a.site for a in stored] == [servers[n].url.removeprefix("http://") for n in SITES]
    assert "near_duplicate_of" not in first.provenance
    assert second.provenance["near_duplicate_of"] == first.url_key
    # Linked to the closest copy stored: the first, or the second, itself linked to the first.
    assert third.provenance["near_duplicate_of"] in {first.url_key, second.url_key}
    assert [c.article.id for c in near_duplicates_of(engine, first.id)] == [second.id, third.id]

    shown = run("articles", "show", str(third.id), "--db", db, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    copies = json.loads(shown.stdout)["near_duplicates"]
    assert [c["id"] for c in copies] == [first.id, second.id]
    by_url = run("articles", "show", second.url, "--db", db)
    assert by_url.returncode == 0, by_url.stderr
    assert "near-duplicates (2):" in by_url.stdout
    assert f"{first.id:>6}  copy of" in by_url.stdout
    assert first.url in by_url.stdout and third.url in by_url.stdout

    grouped = run("articles", "list", "--group-stories", "--db", db, "--format", "jsonl")
    assert grouped.returncode == 0, grouped.stderr
    rows = [json.loads(line) for line in grouped.stdout.splitlines()]
    assert [(r["id"], r["copies"], r["article_ids"]) for r in rows] == [
        (first.id, 3, [first.id, second.id, third.id])
    ]
    table = run("articles", "list", "--group-stories", "--db", db)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split()[:3] == ["ID", "PUBLISHED_AT", "COPIES"]
    # A filter picks the stories with a copy it selects; the count stays that of every copy.
    third_site = third.site
    filtered = run(
        "articles", "list", "--group-stories", "--site", third_site, "--db", db, "--format", "json"
    )
    assert filtered.returncode == 0, filtered.stderr
    assert [(r["id"], r["copies"]) for r in json.loads(filtered.stdout)] == [(first.id, 3)]
    assert len(list_stories(engine)) == 1
