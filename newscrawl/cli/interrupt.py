"""SIGINT and SIGTERM before a crawl takes them over: stop with one line and status 130."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
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
# Every stop signal the running crawl's handlers were given (see watch_crawl_signals).
_seen: list[int] = []
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
    # Kept as well: raised inside a callback Python cannot raise from (a weakref callback of the
    # import system's locks), the exception is only reported there and the command goes on;
    # the crawl's set-up then stops it (setting_up_crawl), and _unraisable keeps the report quiet.
    _pending.append(signum)
    raise Interrupted(STOPPED)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


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
    if _pending:  # a stop that came earlier and whose exception was swallowed (see _interrupt)
        raise Interrupted(STOPPED)
    _setting_up = True


def send_pending() -> None:
    """Send again, shortly after the reactor starts, the signal that came during the set-up."""
    reactor = sys.modules["twisted.internet.reactor"]
    for signum in _pending[:1]:  # the first one: a second would be a second, harder stop
        reactor.callLater(RESEND_AFTER, os.kill, os.getpid(), signum)


def watch_crawl_signals() -> None:
    """Once the reactor runs, note each stop signal before Scrapy's own handler takes it.

    A stop that reaches Scrapy before its engine has started stops the reactor without closing
    the spider, so the crawl's stats carry no finish reason; the note is how run_crawl still
    tells that crawl from one that never reached its site.
    """
    # Scrapy installs its handlers in a startup trigger too, which may run after this one.
    sys.modules["twisted.internet.reactor"].callLater(0, _wrap_handlers)


def _wrap_handlers() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if callable(handler):
            signal.signal(signum, partial(_noted, handler))


def _noted(handler: Callable[[int, FrameType | None], object], signum: int, frame: FrameType | None) -> None:
    _seen.append(signum)
    handler(signum, frame)


def stopped_by_signal() -> bool:
    """Whether a stop signal came while a crawl was set up or running."""
    return bool(_pending or _seen)


def stop_on_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    sys.unraisablehook = _unraisable


def ignore_signals() -> None:
    """The crawl is over and what it extracted is stored: a late stop signal changes nothing
    (the reactor has put back the default handlers, which would kill the summary's print)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
