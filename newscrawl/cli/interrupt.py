"""SIGINT and SIGTERM before a crawl takes them over: stop with one line and status 130."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


# The signal that came while a crawl was being set up, to be sent again once it runs.
_pending: list[int] = []
_setting_up = False
_holding = False


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    if _holding:
        _pending.append(signum)  # acted on when the held code ends (see held)
        return
    if _setting_up:
        # Scrapy sets a crawl up inside Deferreds, which would swallow the exception (the
        # crawl then ended at once, with no finish reason, as if no site answered). Kept for
        # the crawl's own handlers instead, in place once the reactor runs.
        _pending.append(signum)
        return
    raise Interrupted(STOPPED)


@contextmanager
def held() -> Iterator[None]:
    """A stop signal that comes while this runs stops the command when it ends, not inside it.

    For the store's opening: raised inside SQLAlchemy's pool as it closed a connection, the
    stop was logged there with a traceback (the floors run's random-signal test), and one
    raised inside a migration would leave the upgrade to be rolled back.
    """
    global _holding
    _holding = True
    try:
        yield
    finally:
        _holding = False
    if _pending:
        raise Interrupted(STOPPED)


def setting_up_crawl() -> None:
    """From now on a signal waits for the crawl's own handlers (see send_pending)."""
    global _setting_up
    _setting_up = True


def send_pending() -> None:
    """Send again, shortly after the reactor starts, the signal that came during the set-up."""
    reactor = sys.modules["twisted.internet.reactor"]
    for signum in _pending[:1]:  # the first one: a second would be a second, harder stop
        reactor.callLater(RESEND_AFTER, os.kill, os.getpid(), signum)


def stop_on_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)


def ignore_signals() -> None:
    """The crawl is over and what it extracted is stored: a late stop signal changes nothing
    (the reactor has put back the default handlers, which would kill the summary's print)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
