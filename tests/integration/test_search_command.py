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


@pytest.fixture
def db(database_url: str) -> str:
    engine = open_engine(database_url)
    ArticleWriter(engine).save([make_article(FLOOD, body="Flood defences were approved. " * 20)])
    engine.dispose()
    return database_url


REFUSED = {
    "too many words": (["flood"] * (MAX_SEARCH_TERMS + 1), f"at most {MAX_SEARCH_TERMS} are allowed"),
    "10 kB of punctuation": (["!?*-\"'():;" * 1000], f"at most {MAX_SEARCH_LENGTH} are allowed"),
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
    assert_one_line(newscrawl("articles", "search", query, *options, "--db", db, cwd=tmp_path), message)


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
