"""A stop signal before the crawl's own handlers: one line and 130, or kept for the crawl."""

from __future__ import annotations

import subprocess
import sys

from newscrawl.exitcodes import STOPPED

# Each script runs after this: the command's own handlers in place, as main() puts them.
PREAMBLE = "import os, signal\nfrom newscrawl.cli import interrupt\ninterrupt.stop_on_signals()\n"


def _run(body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PREAMBLE + body], capture_output=True, text=True, timeout=60)


SETTING_UP = """
interrupt.setting_up_crawl()
os.kill(os.getpid(), signal.SIGINT)  # inside Scrapy's set-up this raised into a Deferred
assert interrupt._pending == [signal.SIGINT], interrupt._pending
print("kept")
"""


def test_a_signal_while_a_crawl_is_set_up_is_kept_for_the_crawl() -> None:
    # Raised there, it was swallowed by a Deferred and the crawl ended at once with no finish
    # reason: exit 3, "no page could be fetched" (seen with Twisted 21.7 in the floors run).
    result = _run(SETTING_UP)
    assert result.returncode == 0 and result.stdout.strip() == "kept", result.stderr


def test_a_signal_before_any_crawl_stops_the_command_with_130() -> None:
    result = _run("os.kill(os.getpid(), signal.SIGTERM)\nprint('went on')\n")
    assert result.returncode == STOPPED and "went on" not in result.stdout


def test_a_signal_while_the_store_opens_stops_the_command_once_it_is_open() -> None:
    # Raised inside SQLAlchemy's pool as it closed a connection, it was logged with a traceback.
    result = _run(
        "with interrupt.held():\n    os.kill(os.getpid(), signal.SIGINT)\n"
        "    print('finished opening')\n"
        "print('went on')\n"
    )
    assert result.returncode == STOPPED, result.stderr
    assert "finished opening" in result.stdout and "went on" not in result.stdout


def test_a_signal_swallowed_inside_a_callback_stops_the_crawl_before_it_is_set_up() -> None:
    # At 0.5 s a SIGTERM landed in the import system's weakref callback, where the raise is only
    # reported ('Exception ignored in ... Traceback'): the crawl then ran to its end, exit 0.
    result = _run(
        "import weakref\nclass Thing: pass\nthing = Thing()\n"
        "ref = weakref.ref(thing, lambda _: os.kill(os.getpid(), signal.SIGTERM))\n"
        "del thing\nprint('went on')\ninterrupt.setting_up_crawl()\nprint('crawled')\n"
    )
    assert result.returncode == STOPPED, result.stderr
    assert "went on" in result.stdout and "crawled" not in result.stdout
    assert "Traceback" not in result.stderr
