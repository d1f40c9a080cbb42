"""The shared queue in Redis: pending requests, each worker's popped ones, heartbeats, the reaper.

scrapy-redis pops a request by deleting it from the queue, so a worker killed mid-crawl loses
every request it had popped. Here a pop moves the entry into the worker's processing hash, in
one Lua script; the entry leaves that hash only when acknowledged (its page stored, or its
request ended with nothing to store). A worker whose heartbeat key expired is dead: any live
worker's reaper moves its entries back to the queue, in one script too, so two reapers racing
cannot queue an entry twice. The queue holds bytes; what they mean is the scheduler's business.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any

import redis

# push: the fingerprint joins the seen-set and the entry the queue in one step, so that a
# worker killed in between cannot leave a request marked seen that no queue holds.
_PUSH = """
if ARGV[4] == '1' and redis.call('sadd', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('zadd', KEYS[2], ARGV[3], ARGV[2])
return 1
"""
# pop: the lowest score (the highest priority) from the queue into this worker's processing hash.
_POP = """
local found = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('zrem', KEYS[1], found[1])
redis.call('hset', KEYS[2], found[1], found[2])
return found[1]
"""
_ACK = """
if redis.call('hdel', KEYS[1], ARGV[1]) == 1 then redis.call('incr', KEYS[2]) return 1 end
return 0
"""
# requeue: a worker's processing hash back into the queue; unless forced (the worker itself,
# closing), only while its heartbeat key is missing, checked inside the script.
_REQUEUE = """
if ARGV[2] ~= '1' and redis.call('exists', KEYS[1]) == 1 then return -1 end
local held = redis.call('hgetall', KEYS[2])
for i = 1, #held, 2 do redis.call('zadd', KEYS[3], held[i + 1], held[i]) end
redis.call('del', KEYS[2])
redis.call('srem', KEYS[4], ARGV[1])
return #held / 2
"""
# take_start: the first start URL, if it is still `url`, leaves the start list as a request.
_TAKE_START = """
if redis.call('lindex', KEYS[1], 0) ~= ARGV[1] then return -1 end
redis.call('lpop', KEYS[1])
if ARGV[5] == '1' and redis.call('sadd', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('zadd', KEYS[3], ARGV[4], ARGV[3])
return 1
"""


@dataclass(frozen=True)
class Counts:
    """What `newscrawl queue` shows."""

    pending: int
    starts: int
    in_flight: int
    done: int
    seen: int
    workers: int

    @property
    def idle(self) -> bool:
        return not (self.pending or self.starts or self.in_flight)


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class SharedQueue:
    """One crawl's keys under `prefix`: queue (sorted set), seen (set), start (list of URLs,
    JSON, never pickles), workers (set), processing:ID (hash), alive:ID, done (counter)."""

    errors = redis.RedisError  # what its methods raise when Redis fails

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self.queue, self.seen, self.start = f"{prefix}:queue", f"{prefix}:seen", f"{prefix}:start"
        self.workers, self.done = f"{prefix}:workers", f"{prefix}:done"
        self._push = client.register_script(_PUSH)
        self._pop = client.register_script(_POP)
        self._ack = client.register_script(_ACK)
        self._requeue = client.register_script(_REQUEUE)
        self._take_start = client.register_script(_TAKE_START)

    def processing(self, worker: str) -> str:
        return f"{self.prefix}:processing:{worker}"

    def alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    # --- producers ---------------------------------------------------------------------
    def push(self, data: bytes, fingerprint: str, priority: int, *, filtered: bool = True) -> bool:
        """Queue `data` unless `filtered` and its fingerprint was seen; whether it was queued."""
        args: list[bytes | str | int] = [fingerprint, data, -priority, "1" if filtered else "0"]
        return bool(self._push(keys=[self.seen, self.queue], args=args))

    def add_starts(self, urls: list[str], *, again: bool = False) -> int:
        if not urls:
            return 0
        return int(self.client.rpush(self.start, *[json.dumps({"url": u, "again": again}) for u in urls]))

    def first_start(self) -> tuple[bytes, str, bool] | None:
        """The first start entry (raw, URL, again), left in the list: take_start removes it."""
        raw = self.client.lindex(self.start, 0)
        if raw is None:
            return None
        entry: dict[str, Any] = json.loads(raw)
        return (raw if isinstance(raw, bytes) else raw.encode()), str(entry["url"]), bool(entry.get("again"))

    def take_start(self, raw: bytes, data: bytes, fingerprint: str, priority: int, *, again: bool) -> int:
        """Turn the first start entry into a queued request: 1 queued, 0 seen before, -1 taken by
        another worker meanwhile."""
        args: list[bytes | str | int] = [raw, fingerprint, data, -priority, "0" if again else "1"]
        return int(self._take_start(keys=[self.start, self.seen, self.queue], args=args))

    def drop_start(self, raw: bytes) -> None:
        """A start entry no request can be made of (counted as refused by the worker)."""
        self.client.lrem(self.start, 1, raw)  # type: ignore[arg-type]  # bytes are fine

    # --- a worker ----------------------------------------------------------------------
    def heartbeat(self, worker: str, ttl: float) -> None:
        with self.client.pipeline() as pipe:
            pipe.sadd(self.workers, worker)
            pipe.set(self.alive(worker), "1", px=int(ttl * 1000))
            pipe.execute()

    def pop(self, worker: str) -> bytes | None:
        found = self._pop(keys=[self.queue, self.processing(worker)])
        return bytes(found) if found is not None else None

    def ack(self, worker: str, data: bytes) -> bool:
        return bool(self._ack(keys=[self.processing(worker), self.done], args=[data]))

    def give_back(self, worker: str) -> int:
        """A closing worker's unfinished entries, back to the queue; it leaves the worker set."""
        count = self._requeue(
            keys=[self.alive(worker), self.processing(worker), self.queue, self.workers], args=[worker, "1"]
        )
        self.client.delete(self.alive(worker))
        return int(count)

    def reap(self) -> int:
        """Requeue the entries of every worker whose heartbeat expired; how many."""
        requeued = 0
        for raw in self.client.smembers(self.workers):
            worker = raw.decode() if isinstance(raw, bytes) else str(raw)
            keys = [self.alive(worker), self.processing(worker), self.queue, self.workers]
            requeued += max(0, int(self._requeue(keys=keys, args=[worker, "0"])))
        return requeued

    # --- everyone ----------------------------------------------------------------------
    def counts(self) -> Counts:
        workers = [w.decode() if isinstance(w, bytes) else str(w) for w in self.client.smembers(self.workers)]
        with self.client.pipeline(transaction=False) as pipe:
            pipe.zcard(self.queue)
            pipe.llen(self.start)
            pipe.get(self.done)
            pipe.scard(self.seen)
            for worker in workers:
                pipe.hlen(self.processing(worker))
            for worker in workers:
                pipe.exists(self.alive(worker))
            pending, starts, done, seen, *rest = pipe.execute()
        held, alive = rest[: len(workers)], rest[len(workers) :]
        return Counts(int(pending), int(starts), sum(held), int(done or 0), int(seen), sum(alive))

    def clear(self) -> None:
        """Every key of this crawl, the seen-set included."""
        keys = list(self.client.scan_iter(match=f"{self.prefix}:*", count=1000))
        if keys:
            self.client.delete(*keys)
