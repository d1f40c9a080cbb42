"""`newscrawl demo` replaces only a database an earlier demo made, never one of the user's."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawl.store import ArticleWriter, list_articles, list_runs, open_engine
from tests.articles import make_article
from tests.usage import assert_one_line, newscrawl

DEMO_ARTICLES = 10


def test_demo_refuses_a_file_it_did_not_make(tmp_path: Path) -> None:
    notes = tmp_path / "newscrawl.db"
    notes.write_text("my notes, not a database\n")
    assert_one_line(newscrawl("demo", "--db", "newscrawl.db", cwd=tmp_path), "not a database the demo made")
    assert notes.read_text() == "my notes, not a database\n"


def test_demo_refuses_a_database_of_the_users_crawls(tmp_path: Path) -> None:
    mine = tmp_path / "newscrawl.db"
    ArticleWriter(open_engine(str(mine))).save([make_article("https://example.com/mine")])
    assert_one_line(newscrawl("demo", "--db", str(mine), cwd=tmp_path), "not a database the demo made")
    assert [a.url for a in list_articles(open_engine(str(mine)))] == ["https://example.com/mine"]


def test_demo_replaces_its_own_database_until_other_sites_arrive(tmp_path: Path) -> None:
    first = newscrawl("demo", "--db", "newscrawl.db", cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    again = newscrawl("demo", "--db", "newscrawl.db", cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    engine = open_engine(str(tmp_path / "newscrawl.db"))
    assert len(list_runs(engine)) == 1  # a fresh file, not a second crawl into the first
    assert len(list_articles(engine, limit=None)) == DEMO_ARTICLES
    engine.dispose()

    # The user then keeps an article of a real site in it: it is no longer the demo's to drop.
    spill = tmp_path / "spill.jsonl"
    spill.write_text(json.dumps(make_article("https://example.com/kept").to_json()) + "\n")
    assert newscrawl("import", str(spill), "--db", "newscrawl.db", cwd=tmp_path).returncode == 0
    refused = newscrawl("demo", "--db", "newscrawl.db", cwd=tmp_path)
    assert_one_line(refused, "now holds articles of other sites")
    kept = list_articles(open_engine(str(tmp_path / "newscrawl.db")), limit=None)
    assert "https://example.com/kept" in {a.url for a in kept}
