"""A stop signal before the crawl's own handlers: one line and 130, or kept for the crawl."""

from __future__ import annotations

import subprocess
import sys

from newscrawl.exitcodes import STOPPED

SCRIPT = """
import os, signal
from newscrawl.cli import interrupt
interrupt.stop_on_signals()
interrupt.setting_up_crawl()
os.kill(os.getpid(), signal.SIGINT)  # inside Scrapy's set-up this raised into a Deferred
assert interrupt._pending == [signal.SIGINT], interrupt._pending
print("kept")
"""


def test_a_signal_while_a_crawl_is_set_up_is_kept_for_the_crawl() -> None:
    # Raised there, it was swallowed by a Deferred and the crawl ended at once with no finish
    # reason: exit 3, "no page could be fetched" (seen with Twisted 21.7 in the floors run).
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "kept", result.stderr


def test_a_signal_before_any_crawl_stops_the_command_with_130() -> None:
    script = "import os, signal\nfrom newscrawl.cli import interrupt\ninterrupt.stop_on_signals()\n"
    script += "os.kill(os.getpid(), signal.SIGTERM)\nprint('went on')\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == STOPPED and "went on" not in result.stdout


def test_a_signal_while_the_store_opens_stops_the_command_once_it_is_open() -> None:
    # Raised inside SQLAlchemy's pool as it closed a connection, it was logged with a traceback.
    script = "import os, signal\nfrom newscrawl.cli import interrupt\ninterrupt.stop_on_signals()\n"
    script += "with interrupt.held():\n    os.kill(os.getpid(), signal.SIGINT)\n"
    script += "    print('finished opening')\n"
    script += "print('went on')\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == STOPPED, result.stderr
    assert "finished opening" in result.stdout and "went on" not in result.stdout
