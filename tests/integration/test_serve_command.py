"""The real `newscrawl serve` command, and the CLI's new filters, run as a user would."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl import exitcodes
from newscrawl.cli.serve import INSTALL_HINT
from newscrawl.serve.hosts import is_loopback
from tests.cli import clean_env, run_newscrawl, start_newscrawl
from tests.servestore import fill
from tests.serving import get


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("command") / "news.db"
    fill(f"sqlite:///{path}")
    return path


def test_serve_answers_on_loopback_and_stops_on_a_signal(store: Path) -> None:
    before = store.read_bytes()
    process = start_newscrawl("serve", "--db", str(store), "--port", "0")
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        base = f"http://127.0.0.1:{found.group(1)}"
        reply = get(f"{base}/api/articles?author=maren%20holt&limit=2")
        assert reply.status == 200 and len(reply.json()["articles"]) == 2
        assert get(f"{base}/openapi.json").json()["info"]["title"] == "newscrawl"
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # Stopped by a signal, as every newscrawl command says it: one line, status 130.
    assert process.returncode == exitcodes.STOPPED, output
    assert output.strip() == "newscrawl: stopped by a signal"
    assert store.read_bytes() == before


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--db", "missing.db"], "no database at"),
        (["--db", "postgres://nowhere/x"], "unsupported database"),
        (["--db", "x.db", "--port", "70000"], "70000"),
    ],
)
def test_mistakes_are_one_line_and_create_nothing(tmp_path: Path, arguments: list[str], says: str) -> None:
    arguments = [str(tmp_path / a) if a.endswith(".db") else a for a in arguments]
    result = run_newscrawl("serve", *arguments)
    assert result.returncode == exitcodes.USAGE
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_port_in_use_is_one_line(store: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_newscrawl("serve", "--db", str(store), "--port", str(taken.getsockname()[1]))
    assert result.returncode == exitcodes.USAGE
    assert "cannot listen on 127.0.0.1" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_without_the_extra_the_command_names_it(store: Path) -> None:
    # uvicorn as if not installed: None in sys.modules makes its import fail.
    probe = (
        "import sys; sys.modules['uvicorn'] = None; "
        f"sys.argv = ['newscrawl', 'serve', '--db', {str(store)!r}]; "
        "from newscrawl.cli.main import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=clean_env()
    )
    assert result.returncode == exitcodes.USAGE
    assert result.stderr.strip() == f"newscrawl: {INSTALL_HINT}"


def test_only_loopback_addresses_keep_the_store_private() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "localhost"))
    assert all(is_loopback(h) for h in ("127.0.0.1:8080", "[::1]:8080", "localhost:80"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.0.2.7", "example.com", "127.0.0.1.nip.io"))
    assert not any(is_loopback(h) for h in ("", "[", "evil.example:8080", "localhost.evil.example"))


def test_list_and_search_take_section_and_author(store: Path) -> None:
    listed = run_newscrawl(
        "articles", "list", "--db", str(store), "--author", "MAREN HOLT", "--limit", "100", "--format", "json"
    )
    assert listed.returncode == 0, listed.stderr
    articles = json.loads(listed.stdout)
    assert articles and all("Maren Holt" in a["authors"] for a in articles)
    found = run_newscrawl(
        "articles",
        "search",
        "harbour",
        "--db",
        str(store),
        "--section",
        "coast",
        "--limit",
        "100",
        "--format",
        "json",
    )
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits and all(h["section"] == "Coast" and "harbour" in h["snippet"].lower() for h in hits)
    everywhere = json.loads(
        run_newscrawl(
            "articles", "search", "harbour", "--db", str(store), "--limit", "100", "--format", "json"
        ).stdout
    )
    assert len(everywhere) > len(hits)
    bad = run_newscrawl("articles", "search", "harbour", "--db", str(store), "--since", "soon")
    assert bad.returncode == exitcodes.USAGE and "not a date" in bad.stderr
