"""Every user mistake is one line on stderr and exit status USAGE, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import clean_env
from tests.usage import assert_one_line, newscrawl

URL = "http://127.0.0.1:9/"
TOO_BIG = "99999999999999999999"


SOURCES = """
[[source]]
name = "local"
start_urls = ["http://127.0.0.1:9/"]
"""

MISTAKES = {
    "IPv6 URL left open": (["crawl", "http://[::1"], "Invalid IPv6 URL"),
    "IPv6 address that is none": (["crawl", "http://[::zz]/"], "'::zz' does not appear"),
    "no host": (["crawl", "http://"], "no host name"),
    "no host, a path": (["crawl", "http:///news/"], "no host name"),
    "ftp": (["crawl", "ftp://x"], "scheme is 'ftp'"),
    "no scheme": (["crawl", "example.com/news"], "no scheme"),
    "space in host": (["crawl", "http://exa mple.com"], "holds a space"),
    "escaped space in host": (["crawl", "http://exa%20mple.com/"], "is not a host name"),
    "empty label": (["crawl", "http://a..b/"], "is not a host name"),
    "port too big": (["crawl", "http://example.com:99999/"], "Port out of range"),
    "port not a number": (["crawl", "http://example.com:http/"], "Port could not be cast"),
    "port 0": (["crawl", "http://example.com:0/"], "port 0"),
    "mysql": (["crawl", URL, "--db", "mysql://user@127.0.0.1/news"], "unsupported database"),
    "unknown scheme": (["articles", "list", "--db", "foo://x"], "unsupported database"),
    "log file in no folder": (["crawl", URL, "--log-file", "/nonexistent/x"], "No such file or directory"),
    "log file a folder": (["crawl", URL, "--log-file", "{tmp}"], "Is a directory"),
    "-s LOG_FILE a folder": (["crawl", URL, "-s", "LOG_FILE={tmp}"], "Is a directory"),
    "float": (["crawl", URL, "-s", "DOWNLOAD_DELAY=abc"], "-s DOWNLOAD_DELAY: 'abc' is not a number"),
    "negative": (["crawl", URL, "-s", "CONCURRENT_REQUESTS=-3"], "'-3' is negative"),
    "int": (["crawl", URL, "-s", "NEWSCRAWL_STORE_BATCH_SIZE=many"], "not a number"),
    "infinite": (["crawl", URL, "-s", "DOWNLOAD_TIMEOUT=inf"], "not a finite number"),
    "bool": (["crawl", URL, "-s", "ROBOTSTXT_OBEY=maybe"], "'maybe' is not a boolean"),
    "dict": (["crawl", URL, "-s", "ITEM_PIPELINES=[1]"], "not a JSON object"),
    "list": (["crawl", URL, "-s", "RETRY_HTTP_CODES=[500,"], "not a JSON array"),
    "log level": (["crawl", URL, "-s", "LOG_LEVEL=LOUD"], "not a log level"),
    "no equals": (["crawl", URL, "-s", "NOEQUALS"], "NAME=VALUE"),
    "unknown source": (["crawl", "--source", "nope", "--sources", "{tmp}/sources.toml"], "no source named"),
    "superscript id": (["articles", "show", "²"], "not an article id or URL: '²'"),
    "bad URL to show": (["articles", "show", "http://[::1"], "not an article id or URL"),
    "id out of range": (["articles", "show", TOO_BIG], "ids go up to 9223372036854775807"),
    "limit out of range": (["articles", "list", "--limit", TOO_BIG], "Invalid value for '--limit'"),
    "search limit": (["articles", "search", "x", "--limit", TOO_BIG], "Invalid value for '--limit'"),
    "limit 0": (["articles", "list", "--limit", "0"], "Invalid value for '--limit'"),
    "date": (["articles", "list", "--since", "last tuesday"], "not a date"),
    "export date": (
        ["articles", "export", "--until", "soon"],
        "not a date (use YYYY-MM-DD or ISO 8601): 'soon'",
    ),
    "export format": (["articles", "export", "--format", "xlsx"], "Invalid value for '--format'"),
    "parquet to stdout": (["articles", "export", "--format", "parquet"], "add -o FILE"),
    "unknown command": (["crawwl", URL], "No such command 'crawwl'"),
    "unknown option": (["crawl", URL, "--max-page", "3"], "--max-page"),
}


@pytest.mark.parametrize(("args", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_mistake_is_one_line_and_usage(args: list[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(SOURCES)
    result = newscrawl(*(a.format(tmp=tmp_path) for a in args), cwd=tmp_path)
    assert_one_line(result, message)
    # Refused before anything started: no crawl ran, no database was made.
    assert not list(tmp_path.glob("*.db"))


def test_postgresql_without_psycopg_says_what_to_install(tmp_path: Path) -> None:
    """psycopg is an optional extra; a shim first on the path makes `import psycopg` fail."""
    shim = tmp_path / "shim" / "psycopg"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'psycopg'\", name='psycopg')\n"
    )
    env = {**clean_env(), "PYTHONPATH": str(shim.parent)}
    db = "postgresql://postgres@127.0.0.1:5432/test"
    for args in (["articles", "list", "--db", db], ["crawl", URL, "--db", db]):
        assert_one_line(newscrawl(*args, cwd=tmp_path, env=env), "install newscrawl[postgres]")
