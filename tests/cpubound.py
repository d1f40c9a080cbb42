"""A bound on the CPU time one call takes, so that other processes' load does not count against it.

Hypothesis' deadline measures wall-clock time. On a loaded CI machine it failed a fuzz test whose
first call took 14.9 s and 0.6 s when hypothesis repeated it. What these bounds are there to catch,
a quadratic scan or a catastrophic pattern, shows as CPU time. Speed itself is measured in
benchmarks/, not here.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def cpu_bounded(seconds: float) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Fail a call that spends more than `seconds` of this process's CPU time, whether it
    returns or raises (a page refused after a minute's work is as slow as one read)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def bounded(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - started
                assert spent < seconds, f"{function.__name__} spent {spent:.1f} CPU seconds (bound {seconds})"

        return bounded

    return decorate
