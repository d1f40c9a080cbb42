"""Commands that only read never create a database: a missing one is an error, and stays missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from newscrawl.store import ArticleWriter, StoreError, open_engine
from tests.articles import make_article
from tests.usage import assert_one_line, newscrawl

READS = {
    "list": ["articles", "list"],
    "search": ["articles", "search", "flood"],
    "show": ["articles", "show", "1"],
    "export": ["articles", "export", "--format", "csv"],
}


@pytest.mark.parametrize("command", READS.values(), ids=READS.keys())
def test_read_of_a_missing_file_creates_nothing(command: list[str], tmp_path: Path) -> None:
    result = newscrawl(*command, "--db", "notaurl", cwd=tmp_path)
    assert_one_line(result, "no database at notaurl; crawl into it first")
    # Without --db the default ./newscrawl.db is read, and is not made either.
    assert_one_line(newscrawl(*command, cwd=tmp_path), "no database at newscrawl.db")
    assert list(tmp_path.iterdir()) == []


def test_read_of_a_database_that_is_not_newscrawls_changes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()  # an empty file is an empty SQLite database
    assert_one_line(newscrawl("articles", "list", "--db", str(empty), cwd=tmp_path), "no newscrawl database")
    assert empty.stat().st_size == 0


def test_read_of_a_postgresql_database_without_tables_creates_none(postgres_url: str, tmp_path: Path) -> None:
    result = newscrawl("articles", "list", "--db", postgres_url, cwd=tmp_path)
    assert_one_line(result, "no newscrawl database")
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_reads_an_existing_database(database_url: str, tmp_path: Path) -> None:
    ArticleWriter(open_engine(database_url)).save([make_article("https://example.com/flood")])
    listed = newscrawl("articles", "list", "--db", database_url, "--format", "jsonl", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [json.loads(line)["url"] for line in listed.stdout.splitlines()] == ["https://example.com/flood"]
    shown = newscrawl("articles", "show", "https://example.com/flood", "--db", database_url, cwd=tmp_path)
    assert shown.returncode == 0 and "Body of https://example.com/flood" in shown.stdout


def test_open_engine_without_create_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        open_engine(str(tmp_path / "missing.db"), create=False)
    assert not (tmp_path / "missing.db").exists()
    open_engine(str(tmp_path / "made.db")).dispose()
    open_engine(str(tmp_path / "made.db"), create=False).dispose()


def test_import_still_creates_its_database(tmp_path: Path) -> None:
    spill = tmp_path / "spill.jsonl"
    spill.write_text(json.dumps(make_article("https://example.com/a").to_json()) + "\n")
    result = newscrawl("import", str(spill), "--db", "new.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 stored" in result.stdout and (tmp_path / "new.db").is_file()
