"""SIGINT and SIGTERM before a crawl takes them over: stop with one line and status 130."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

from newscrawl.exitcodes import STOPPED

# A signal that arrives while a crawl is set up is sent again this long after the reactor
# starts, when the crawl's own handlers are in place.
RESEND_AFTER = 0.2


class Interrupted(SystemExit):
    """A signal stopped the command before a crawl installed its own handlers.

    A SystemExit, so that click (which turns KeyboardInterrupt into "Aborted!" and status 1)
    lets it through; main() prints the line.
    """


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    reactor = sys.modules.get("twisted.internet.reactor")
    if reactor is not None:
        # A crawl is being set up: Deferreds and the reactor would swallow the exception and
        # crawl on. Leave the signal to the crawl's handlers, in place once the reactor runs.
        reactor.callFromThread(reactor.callLater, RESEND_AFTER, os.kill, os.getpid(), signum)
        return
    raise Interrupted(STOPPED)


def stop_on_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)


def ignore_signals() -> None:
    """The crawl is over and what it extracted is stored: a late stop signal changes nothing
    (the reactor has put back the default handlers, which would kill the summary's print)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
