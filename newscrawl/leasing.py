"""The scheduler's side of source leases: take one before a crawl, renew it, give it back.

A lease outlives a scheduler that dies by LEASE_SECONDS at most; its crawls run on in their
own sessions meanwhile, so that is also how long another scheduler waits before it may crawl
the same source again.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from newscrawl.sources import Source
from newscrawl.store import release_lease, renew_leases, take_lease

logger = logging.getLogger(__name__)

LEASE_SECONDS = 120.0


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Leases:
    engine: Engine
    owner: str = field(default_factory=_owner)
    seconds: float = LEASE_SECONDS
    _renewed: float = 0.0
    # Sources another scheduler holds: not asked again before this monotonic time.
    _held_elsewhere: dict[str, float] = field(default_factory=dict)

    def take(self, source: Source) -> bool:
        if time.monotonic() < self._held_elsewhere.get(source.name, 0.0):
            return False
        if take_lease(self.engine, source.name, self.owner, self.seconds, source.interval):
            return True
        self._held_elsewhere[source.name] = time.monotonic() + self.seconds / 4
        logger.warning("Source %s is being crawled by another scheduler: not started", source.name)
        return False

    def renew(self, sources: Iterable[str]) -> None:
        if time.monotonic() - self._renewed >= self.seconds / 4:
            renew_leases(self.engine, sources, self.owner, self.seconds)
            self._renewed = time.monotonic()

    def release(self, source: str) -> None:
        release_lease(self.engine, source, self.owner)
