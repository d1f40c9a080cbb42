"""`newscrawl articles export`: every format, the filters of `articles list`, hostile text, bad outputs."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newscrawl import exitcodes
from newscrawl.cli.output import ARTICLE_COLUMNS
from newscrawl.store import EXPORT_BATCH, ArticleWriter, open_engine
from tests.articles import make_article
from tests.cli import clean_env
from tests.usage import assert_one_line, newscrawl

# More articles than two batches of the stream: tags and images must stay with their article
# across the batches that selectinload loads them for.
MANY = 2 * EXPORT_BATCH + 7
# Text that breaks naive CSV and JSON writers: newlines (\n, \r\n, a lone \r), commas,
# quotes of both kinds, a semicolon, tabs, and unicode beyond the BMP (no NUL: stores refuse it).
HOSTILE = 'Flood, "again";\nsecond line\r\nthird\rfourth\t‘quoted’ — 洪水 🌊 é\u0301 \u2028end'


def _store(url: str, articles: list[Any]) -> None:
    engine = open_engine(url)
    writer = ArticleWriter(engine)
    for start in range(0, len(articles), 200):
        writer.save(articles[start : start + 200])
    engine.dispose()


def _export(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = newscrawl("articles", "export", "--db", url, *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    return result


def _listed(url: str, tmp_path: Path, *filters: str) -> list[dict[str, Any]]:
    """What `articles list --format jsonl` prints, with a limit above anything stored."""
    result = newscrawl(
        "articles", "list", "--db", url, "--format", "jsonl", "--limit", "100000", *filters, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _csv(url: str, tmp_path: Path, *filters: str) -> list[dict[str, str]]:
    """The rows of a CSV export, read from its file as it was written: the text mode of the
    `newscrawl` helper would turn the \r\n inside a value into \n."""
    _export(url, tmp_path, "--format", "csv", "-o", "out.csv", *filters)
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_every_article_in_every_format(database_url: str, tmp_path: Path) -> None:
    _store(
        database_url,
        [
            make_article(f"https://news{n % 3}.example/{n}", tags=[f"Topic {n}", "Budget"], authors=[f"A{n}"])
            for n in range(MANY)
        ],
    )
    listed = _listed(database_url, tmp_path)
    assert len(listed) == MANY

    jsonl = _export(database_url, tmp_path)  # JSON lines is the default
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == listed

    rows = _csv(database_url, tmp_path)
    assert [int(row["id"]) for row in rows] == [record["id"] for record in listed]
    assert [json.loads(row["tags"]) for row in rows] == [record["tags"] for record in listed]
    assert [json.loads(row["images"]) for row in rows] == [record["images"] for record in listed]
    assert list(rows[0]) == list(ARTICLE_COLUMNS) == list(listed[0])

    _export(database_url, tmp_path, "--format", "parquet", "-o", "out.parquet")
    parquet = pq.ParquetFile(tmp_path / "out.parquet")
    table = parquet.read()
    assert table.column_names == list(ARTICLE_COLUMNS)
    assert table.column("id").to_pylist() == [record["id"] for record in listed]
    assert table.column("tags").to_pylist() == [record["tags"] for record in listed]
    assert table.column("authors").to_pylist() == [record["authors"] for record in listed]
    stamps = table.column("published_at").to_pylist()
    assert stamps[0] == datetime(2024, 3, 12, 10, 0, tzinfo=UTC)
    # Written a row group at a time, not as one table built in memory.
    assert parquet.metadata.num_row_groups >= 1


def test_filters_select_what_list_selects(database_url: str, tmp_path: Path) -> None:
    march, may = datetime(2024, 3, 12, 10, 0, tzinfo=UTC), datetime(2024, 5, 2, 8, 0, tzinfo=UTC)
    _store(
        database_url,
        [
            make_article("https://www.alpha.example/1", tags=["Flooding"], published_at=march),
            make_article("https://alpha.example/2", tags=["Budget"], published_at=may, language="de"),
            make_article("https://beta.example/3", tags=["flooding"], published_at=may),
            make_article("https://beta.example/4", tags=[], published_at=None, published_date=None),
        ],
    )
    expected = {
        ("--site", "alpha.example"): [2, 1],  # www. or not, one site
        ("--since", "2024-04-01"): [3, 2],
        ("--until", "2024-04-01"): [1],
        ("--since", "2024-03-01", "--until", "2024-05-02T09:00:00+00:00"): [3, 2, 1],
        ("--tag", "FLOODING"): [3, 1],
        ("--lang", "de"): [2],
        ("--site", "beta.example", "--tag", "flooding"): [3],
        ("--site", "nowhere.example"): [],
        (): [3, 2, 1, 4],  # newest first, the undated last
    }
    for filters, numbers in expected.items():
        exported = [
            json.loads(line) for line in _export(database_url, tmp_path, *filters).stdout.splitlines()
        ]
        assert [int(record["url"].rsplit("/", 1)[1]) for record in exported] == numbers, filters
        if filters in ((), ("--tag", "FLOODING")):
            assert exported == _listed(database_url, tmp_path, *filters)
    # No match is still a CSV with its header, and an empty file of JSON lines.
    assert _export(database_url, tmp_path, "--format", "csv", "--lang", "fi").stdout.startswith("id,url,")
    assert _export(database_url, tmp_path, "--lang", "fi").stdout == ""


def test_hostile_text_comes_back_whole(database_url: str, tmp_path: Path) -> None:
    article = make_article(
        "https://example.com/hostile",
        headline=HOSTILE,
        description="=cmd|' /C calc'!A0",
        tags=["Floods, rivers", 'The "big" one', "a;b", "洪水"],
        authors=['Dana "DW" Whitfield, Jr.'],
        published_date=date(2024, 3, 12),
    )
    _store(database_url, [article])

    row = _csv(database_url, tmp_path)
    assert len(row) == 1
    assert row[0]["headline"] == HOSTILE
    assert row[0]["description"] == "=cmd|' /C calc'!A0"
    assert json.loads(row[0]["tags"]) == article.tags
    assert json.loads(row[0]["authors"]) == article.authors
    assert row[0]["published_date"] == "2024-03-12"

    exported = _export(database_url, tmp_path).stdout
    # One line: JSON escapes the newlines (\u2028 may stay, JSON allows it within a string).
    assert exported.index("\n") == len(exported) - 1
    record = json.loads(exported)
    assert record["headline"] == HOSTILE and record["tags"] == article.tags

    _export(database_url, tmp_path, "--format", "parquet", "-o", "h.parquet")
    table = pq.read_table(tmp_path / "h.parquet")
    assert table.column("headline").to_pylist() == [HOSTILE]
    assert table.column("tags").to_pylist() == [article.tags]

    # Standard output has the very bytes the file has.
    command = [
        sys.executable,
        "-m",
        "newscrawl",
        "articles",
        "export",
        "--db",
        database_url,
        "--format",
        "csv",
    ]
    stdout = subprocess.run(command, capture_output=True, timeout=120, cwd=tmp_path, env=clean_env()).stdout
    assert stdout == (tmp_path / "out.csv").read_bytes()
    assert stdout.count(b"\r\n") == 3  # after the header, in the headline, after the row


def test_unwritable_output_is_one_line(sqlite_url: str, tmp_path: Path) -> None:
    _store(sqlite_url, [make_article("https://example.com/a")])
    (tmp_path / "file").write_text("")
    # A folder, a path through a file, a path through a missing folder (root writes anywhere
    # else): each format opens its output alike, so each meets one of them.
    targets = {
        "jsonl": (str(tmp_path), "Is a directory"),
        "csv": (str(tmp_path / "file" / "out.csv"), "Not a directory"),
        "parquet": (str(tmp_path / "missing" / "out"), "No such file or directory"),
    }
    for fmt, (target, reason) in targets.items():
        result = newscrawl(
            "articles", "export", "--db", sqlite_url, "--format", fmt, "-o", target, cwd=tmp_path
        )
        assert_one_line(result, f"cannot write {target}: {reason}")
        assert result.stdout == ""
    assert not (tmp_path / "missing").exists() and (tmp_path / "file").read_text() == ""


def test_parquet_needs_a_file(sqlite_url: str, tmp_path: Path) -> None:
    _store(sqlite_url, [make_article("https://example.com/a")])
    result = newscrawl("articles", "export", "--db", sqlite_url, "--format", "parquet", cwd=tmp_path)
    assert_one_line(result, "--format parquet writes a file")
    assert result.stdout == ""


def test_parquet_without_pyarrow_is_one_line(sqlite_url: str, tmp_path: Path) -> None:
    _store(sqlite_url, [make_article("https://example.com/a")])
    # pyarrow is installed for the tests; None in sys.modules makes its import fail as it does
    # where it is not installed (ImportError), and the rest of the command runs for real.
    program = (
        "import sys; sys.modules['pyarrow'] = None; sys.argv = ['newscrawl', *sys.argv[1:]]; "
        "from newscrawl.cli.main import main; main()"
    )
    args = ["articles", "export", "--db", sqlite_url, "--format", "parquet", "-o", "a.parquet"]

    def export() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", program, *args]
        env = clean_env()
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)

    result = export()
    assert_one_line(result, "--format parquet needs pyarrow: pip install 'newscrawl[parquet]'")
    assert not (tmp_path / "a.parquet").exists()
    # The text formats need no pyarrow.
    args[-3:] = ["csv", "-o", "a.csv"]
    result = export()
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("id,url,")


def test_a_reader_that_stops_early_is_no_error(sqlite_url: str, tmp_path: Path) -> None:
    _store(sqlite_url, [make_article(f"https://example.com/{n}") for n in range(MANY)])
    command = [sys.executable, "-m", "newscrawl", "articles", "export", "--db", sqlite_url]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=clean_env()
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert json.loads(process.stdout.readline())["url"].startswith("https://example.com/")
        process.stdout.close()
        errors = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0, errors
    assert errors == ""


def test_a_write_that_fails_midway_is_one_line(sqlite_url: str, tmp_path: Path) -> None:
    _store(sqlite_url, [make_article(f"https://example.com/{n}") for n in range(20)])
    for fmt in ("jsonl", "csv", "parquet"):
        # /dev/full opens, and every write to it fails as on a full disk.
        result = newscrawl(
            "articles", "export", "--db", sqlite_url, "--format", fmt, "-o", "/dev/full", cwd=tmp_path
        )
        assert result.returncode == exitcodes.FAILED, result.stderr
        assert result.stderr.splitlines() == ["newscrawl: cannot write /dev/full: No space left on device"], (
            fmt
        )


def test_a_day_alone_is_written_as_the_day_and_sorts_among_instants(
    database_url: str, tmp_path: Path
) -> None:
    day, before, after = "https://example.com/day", "https://example.com/before", "https://example.com/after"
    _store(
        database_url,
        [
            make_article(
                day,
                published_at=datetime(2024, 3, 14, tzinfo=UTC),
                published_raw="2024-03-14",
                published_precision="date",
                published_date=date(2024, 3, 14),
                tags=["donald trump"],
            ),
            make_article(
                before, published_at=datetime(2024, 3, 13, 22, 0, tzinfo=UTC), tags=["Donald Trump"]
            ),
            make_article(
                after, published_at=datetime(2024, 3, 14, 9, 30, tzinfo=UTC), published_precision="instant"
            ),
        ],
    )
    listed = _listed(database_url, tmp_path)
    assert [(r["url"], r["published_at"]) for r in listed] == [
        (after, "2024-03-14T09:30:00+00:00"),
        (day, "2024-03-14"),
        (before, "2024-03-13T22:00:00+00:00"),
    ]
    # Each article keeps its spelling of the one tag.
    assert {r["url"]: r["tags"] for r in listed if r["url"] != after} == {
        day: ["donald trump"],
        before: ["Donald Trump"],
    }
    # The day is 2024-03-14: --since that day takes it, --until that day leaves it out.
    assert [r["url"] for r in _listed(database_url, tmp_path, "--since", "2024-03-14")] == [after, day]
    assert [r["url"] for r in _listed(database_url, tmp_path, "--until", "2024-03-14")] == [before]

    rows = {row["url"]: row for row in _csv(database_url, tmp_path)}
    assert (rows[day]["published_at"], rows[day]["published_precision"]) == ("2024-03-14", "date")
    assert rows[after]["published_at"] == "2024-03-14T09:30:00+00:00"

    _export(database_url, tmp_path, "--format", "parquet", "-o", "d.parquet")
    table = {r["url"]: r for r in pq.read_table(tmp_path / "d.parquet").to_pylist()}
    assert (table[day]["published_at"], table[day]["published_date"]) == (None, date(2024, 3, 14))
    assert table[day]["published_precision"] == "date"
    assert table[after]["published_at"] == datetime(2024, 3, 14, 9, 30, tzinfo=UTC)

    table_view = newscrawl("articles", "list", "--db", database_url, cwd=tmp_path).stdout
    [day_line] = [line for line in table_view.splitlines() if "/day" in line or "Headline of " + day in line]
    assert " 2024-03-14 " in f" {day_line} " and "00:00" not in day_line
    shown = newscrawl("articles", "show", "--db", database_url, day, cwd=tmp_path).stdout
    assert "published_at: 2024-03-14\n" in shown
