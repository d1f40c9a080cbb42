"""The shared queue against the real Redis: pop into a processing hash, ack, the reaper."""

from __future__ import annotations

import threading

import pytest

from newscrawl.distributed.queue import SharedQueue

pytestmark = pytest.mark.redis


def test_a_fingerprint_is_queued_once_unless_unfiltered(queue: SharedQueue) -> None:
    assert queue.push(b"a", "fp-a", 0)
    assert not queue.push(b"a2", "fp-a", 0)
    assert queue.push(b"a3", "fp-a", 0, filtered=False)
    assert queue.counts().pending == 2


def test_the_highest_priority_pops_first(queue: SharedQueue) -> None:
    queue.push(b"low", "1", -10)
    queue.push(b"high", "2", 10)
    queue.heartbeat("w", 10)
    assert queue.pop("w") == b"high"
    assert queue.pop("w") == b"low"
    assert queue.pop("w") is None


def test_a_popped_entry_is_in_flight_until_acknowledged(queue: SharedQueue) -> None:
    queue.push(b"a", "1", 0)
    queue.heartbeat("w", 10)
    data = queue.pop("w")
    assert data == b"a"
    counts = queue.counts()
    assert (counts.pending, counts.in_flight, counts.done, counts.workers) == (0, 1, 0, 1)
    assert queue.ack("w", data)
    assert not queue.ack("w", data)  # a second ack counts nothing
    counts = queue.counts()
    assert (counts.pending, counts.in_flight, counts.done) == (0, 0, 1)
    assert counts.idle


def test_the_reaper_requeues_a_dead_workers_entries_with_their_priority(queue: SharedQueue) -> None:
    for n in range(5):
        queue.push(f"r{n}".encode(), str(n), n)
    queue.heartbeat("dead", 10)
    queue.heartbeat("alive", 10)
    popped = [queue.pop("dead"), queue.pop("dead"), queue.pop("alive")]
    assert popped == [b"r4", b"r3", b"r2"]
    assert queue.reap() == 0  # both alive
    queue.client.delete(queue.alive("dead"))  # its heartbeat expired
    assert queue.reap() == 2
    assert queue.reap() == 0
    counts = queue.counts()
    assert (counts.pending, counts.in_flight, counts.workers) == (4, 1, 1)
    assert queue.pop("alive") == b"r4"  # back with its priority


def test_racing_reapers_queue_each_entry_once(queue: SharedQueue) -> None:
    for n in range(200):
        queue.push(f"r{n}".encode(), str(n), 0)
    queue.heartbeat("dead", 10)
    while queue.pop("dead"):
        pass
    queue.client.delete(queue.alive("dead"))
    totals: list[int] = []
    threads = [threading.Thread(target=lambda: totals.append(queue.reap())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(totals) == 200
    assert queue.counts().pending == 200


def test_a_closing_worker_gives_back_what_it_has_not_finished(queue: SharedQueue) -> None:
    queue.push(b"a", "1", 0)
    queue.push(b"b", "2", 0)
    queue.heartbeat("w", 10)
    first, second = queue.pop("w"), queue.pop("w")
    assert first and second
    queue.ack("w", first)
    assert queue.give_back("w") == 1
    counts = queue.counts()
    assert (counts.pending, counts.in_flight, counts.done, counts.workers) == (1, 0, 1, 0)


def test_a_start_url_becomes_one_request_even_when_two_workers_take_it(queue: SharedQueue) -> None:
    queue.add_starts(["http://127.0.0.1/a", "http://127.0.0.1/a"])
    first = queue.first_start()
    assert first is not None
    raw, url, again = first
    assert (url, again) == ("http://127.0.0.1/a", False)
    assert queue.take_start(raw, b"req-a", "fp", 0, again=False) == 1
    second = queue.first_start()
    assert second is not None
    assert queue.take_start(second[0], b"req-a2", "fp", 0, again=False) == 0  # seen before
    assert queue.take_start(second[0], b"req-a2", "fp", 0, again=False) == -1  # already taken
    counts = queue.counts()
    assert (counts.pending, counts.starts) == (1, 0)


def test_again_reads_a_start_url_a_second_time(queue: SharedQueue) -> None:
    queue.add_starts(["http://127.0.0.1/feed"])
    queue.add_starts(["http://127.0.0.1/feed"], again=True)
    for data in (b"one", b"two"):
        entry = queue.first_start()
        assert entry is not None
        queue.take_start(entry[0], data, "fp-feed", 0, again=entry[2])
    assert queue.counts().pending == 2
