"""A Redis client and a key prefix of its own for a test, every key of the prefix deleted after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from newscrawl.distributed.queue import SharedQueue


@contextmanager
def scratch_queue(url: str) -> Iterator[SharedQueue]:
    client = redis.Redis.from_url(url)
    queue = SharedQueue(client, f"test-{uuid.uuid4().hex[:12]}")
    try:
        yield queue
    finally:
        queue.clear()
        client.close()
