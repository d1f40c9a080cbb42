"""Checks a Redis URL before a worker trusts it: queue entries are pickles, so Redis must be safe."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

SCHEMES = ("redis", "rediss", "unix")


class RedisUrlError(ValueError):
    """A Redis URL newscrawl refuses, with the reason as its message."""


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_redis_url(url: str) -> str:
    """The URL if workers may use it; RedisUrlError if it is malformed or unauthenticated.

    scrapy-redis pickles every queued request, and unpickling runs code: whoever can write
    to the queue runs code in every worker. A server off this machine must ask for a
    password (requirepass, or an ACL user); only a loopback or unix-socket one may go without.
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as error:
        raise RedisUrlError(f"not a Redis URL: {url!r} ({error})") from None
    if parts.scheme not in SCHEMES:
        raise RedisUrlError(f"not a Redis URL: {url!r} (use redis://, rediss:// or unix://)")
    if parts.scheme == "unix":
        return url.strip()
    host = parts.hostname
    if not host:
        raise RedisUrlError(f"not a Redis URL: {url!r} (it has no host)")
    if not parts.password and not _loopback(host):
        raise RedisUrlError(
            f"refusing Redis at {host} without a password: queued requests are pickles that every "
            "worker runs, so use redis://USER:PASSWORD@HOST (requirepass or an ACL user), "
            "ideally over TLS (rediss://)"
        )
    return url.strip()
