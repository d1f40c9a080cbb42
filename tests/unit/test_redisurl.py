"""Which Redis URLs workers accept: none that anyone on the network could write pickles to."""

from __future__ import annotations

import pytest

from newscrawl.distributed.redisurl import RedisUrlError, check_redis_url


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://localhost/1",
        "redis://[::1]:6379",
        "redis://:secret@queue.example.org:6379/0",
        "rediss://crawler:secret@queue.example.org/0",
        "unix:///run/redis.sock",
    ],
)
def test_accepted(url: str) -> None:
    assert check_redis_url(url) == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("redis://queue.example.org:6379/0", "without a password"),
        ("redis://crawler@10.0.0.5/0", "without a password"),
        ("rediss://10.0.0.5/0", "without a password"),
        ("http://127.0.0.1:6379", "use redis://"),
        ("redis://127.0.0.1:99999", "not a Redis URL"),
        ("redis:///0", "no host"),
    ],
)
def test_refused(url: str, reason: str) -> None:
    with pytest.raises(RedisUrlError, match=reason):
        check_redis_url(url)
