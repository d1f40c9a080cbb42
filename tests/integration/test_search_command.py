"""`newscrawl articles search` through the real CLI: a query beyond the caps, a bad --timeout and a
search that runs out of time are one line each; undecodable bytes on the command line are a query."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newscrawl import exitcodes
from newscrawl.store import MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS, ArticleWriter, open_engine
from tests.articles import make_article
from tests.searches import slow_search
from tests.usage import assert_one_line, newscrawl

FLOOD = "https://example.com/flood"
OTHER = "https://example.com/storm"


@pytest.fixture
def db(database_url: str) -> str:
    engine = open_engine(database_url)
    ArticleWriter(engine).save([make_article(FLOOD, body="Flood defences were approved. " * 20)])
    engine.dispose()
    return database_url


REFUSED = {
    "too many words": (["flood"] * (MAX_SEARCH_TERMS + 1), f"at most {MAX_SEARCH_TERMS} are allowed"),
    "10 kB of punctuation": (["!?*-\"'():;" * 1000], f"at most {MAX_SEARCH_LENGTH} are allowed"),
    "only an exclusion": (["-flood"], "only excludes (-word)"),
    "a lone OR": (["OR"], "OR needs a word or phrase on each side"),
    "a short prefix": (["fl*"], "a prefix needs at least 3 letters"),
    "timeout 0": (["flood", "--timeout", "0"], "search timeout must be above 0"),
    "timeout nan": (["flood", "--timeout", "nan"], "search timeout must be above 0"),
    "timeout not a number": (["flood", "--timeout", "soon"], "Invalid value for '--timeout'"),
}


@pytest.mark.parametrize(("args", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_search_is_one_line_and_usage(
    db: str, args: list[str], message: str, tmp_path: Path
) -> None:
    query = " ".join(a for a in args if not a.startswith("--") and a not in ("0", "nan", "soon"))
    options = args[args.index("--timeout") :] if "--timeout" in args else []
    # After "--" a query may begin with "-" (an exclusion), as any user has to write it.
    assert_one_line(newscrawl("articles", "search", *options, "--db", db, "--", query, cwd=tmp_path), message)


def test_the_query_language_on_the_command_line(db: str, tmp_path: Path) -> None:
    engine = open_engine(db)
    ArticleWriter(engine).save([make_article(OTHER, body="Storm warnings for the coast. " * 20)])
    engine.dispose()
    # Stop words leave PostgreSQL's English query empty: it finds nothing, as the README says
    # (FTS5 has no stop words), and its NOTICE of the empty query is not printed.
    stop_words_find = [OTHER] if db.startswith("sqlite") else []
    for query, expected in [
        ("floods OR storm", [FLOOD, OTHER]),
        ('"defences were" -storm', [FLOOD]),
        ("approv*", [FLOOD]),
        ("for the", stop_words_find),
    ]:
        result = newscrawl("articles", "search", query, "--db", db, "--format", "json", cwd=tmp_path)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert sorted(hit["url"] for hit in json.loads(result.stdout)) == sorted(expected), query


def test_undecodable_bytes_in_the_query_are_no_error(db: str, tmp_path: Path) -> None:
    # Python reads a byte that is not UTF-8 as a lone surrogate, which no database takes as text.
    query = os.fsdecode(b"flood \xff\xfe")
    result = newscrawl("articles", "search", query, "--db", db, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [hit["url"] for hit in json.loads(result.stdout)] == [FLOOD]


def test_a_search_out_of_time_is_one_line(db: str, tmp_path: Path) -> None:
    engine = open_engine(db)
    timeout = slow_search(engine)
    engine.dispose()
    result = newscrawl("articles", "search", "flood", "--timeout", str(timeout), "--db", db, cwd=tmp_path)
    assert result.returncode == exitcodes.FAILED, result.stderr
    assert result.stderr.strip() == (
        f"newscrawl: search took longer than {timeout:g} s and was stopped; use fewer or rarer words, "
        "or allow it more time with --timeout"
    )
