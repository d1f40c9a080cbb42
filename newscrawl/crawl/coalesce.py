"""Concurrent look-ups of keys joined into one call: those asked while one runs go in the next."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Coalescer(Generic[K, V]):
    """Answers `get(key)` from `fetch(keys)`, run in a thread, off the reactor.

    The first key is asked for at once, or after `linger` seconds; keys asked for while that
    call runs (or lingers) wait for it and then go together in one call, so a burst of N
    concurrent requests costs two calls, not N. Without a linger no key waits on a timer;
    with one, every call waits that long first, so that keys that trickle in one at a time
    still share calls.
    """

    def __init__(self, fetch: Callable[[list[K]], dict[K, V]], linger: float = 0.0) -> None:
        self._fetch = fetch
        self._linger = linger
        self._waiting: dict[K, list[asyncio.Future[V | None]]] = {}
        self._running: asyncio.Future[None] | None = None
        # Calls made of `fetch`, for the crawl's stats.
        self.calls = 0

    async def get(self, key: K) -> V | None:
        """`fetch`'s answer for `key` (None when it has none); what `fetch` raises otherwise."""
        answer: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(answer)
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._run())
        return await answer

    async def _run(self) -> None:
        while self._waiting:
            if self._linger:
                await asyncio.sleep(self._linger)
            waiting, self._waiting = self._waiting, {}
            self.calls += 1
            try:
                found = await asyncio.to_thread(self._fetch, list(waiting))
            except Exception as error:
                for answers in waiting.values():
                    for answer in answers:
                        if not answer.done():
                            answer.set_exception(error)
                continue
            for key, answers in waiting.items():
                for answer in answers:
                    # Done already when its caller was cancelled meanwhile.
                    if not answer.done():
                        answer.set_result(found.get(key))
