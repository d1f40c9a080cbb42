"""What a hostile case is: the routes that misbehave, where the crawl meets them, what must follow."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from tests.hostile.server import Exchange, Hit, Route

# Loopback hosts: the crawler keeps a download slot and a robots.txt per host, so a case that
# slows a whole host (crawl-delay) or needs a home page of its own lives on one of these.
MAIN, OTHER, SLOW, BROKEN = "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"
HOSTS = (MAIN, OTHER, SLOW, BROKEN)


Check = Callable[[list[Hit]], None]


@dataclass(frozen=True)
class Case:
    """One hostile thing a server or page does, and the outcome the crawl must show for it.

    `entry` is listed in the main sitemap (`kind` "page", crawled as an article would be) or
    crawled from as a start URL (`kind` "start"). `stats` are what the case adds to the run's
    stats; `stored` the headlines it adds to the database; `log` a pattern of the line that
    names its URL (`{url}` is the entry's URL, escaped). `within`: seconds from the case's first
    request to its last answer's end. `check` asserts on the server's record of the case.
    """

    name: str
    issue: str  # the item of issue 17 it stands for
    routes: dict[str, Route]
    entry: str
    kind: Literal["page", "start"] = "page"
    host: str = MAIN
    stats: dict[str, int] = field(default_factory=dict)
    stored: tuple[str, ...] = ()
    log: str | None = None  # `{url}`: the entry's URL, `{base}`: its host's, both escaped
    within: float = 20.0
    check: Callable[[list[Hit]], None] | None = None
    # Crawled on its own, with these extra arguments (the 200,000-URL sitemap needs --max-pages).
    alone: tuple[str, ...] | None = None
    # The exit status of a crawl of this case and nothing else (3: no page could be fetched).
    exit_alone: int = 0

    def url(self, base: str) -> str:
        return base + self.entry

    def log_pattern(self, base: str) -> str | None:
        if self.log is None:
            return None
        return self.log.format(url=re.escape(self.url(base)), base=re.escape(base))

    def owns(self, hit: Hit) -> bool:
        """Whether the server's `hit` was a request for one of this case's routes."""
        path = urlsplit(hit.path).path
        for host, route in self.served_routes():
            if host == hit.host and (route == path or (route.endswith("/") and path.startswith(route))):
                return True
        return False

    def served_routes(self) -> dict[tuple[str, str], Route]:
        """(host, path) -> route; a path written `//HOST/path` is served on that other host."""
        served = {}
        for path, route in self.routes.items():
            if path.startswith("//"):
                host, _, rest = path[2:].partition("/")
                served[host, "/" + rest] = route
            else:
                served[self.host, path] = route
        return served


def static(
    body: bytes | str,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Route:
    data = body.encode() if isinstance(body, str) else body

    async def route(exchange: Exchange) -> None:
        text = exchange.fill(data)
        await exchange.answer(status, text, content_type, **(headers or {}))

    return route


def redirect(target: str, status: int = 302) -> Route:
    """To `target` (with `{{BASE}}` and `{{host}}` filled in, see Exchange.fill)."""

    async def route(exchange: Exchange) -> None:
        location = exchange.fill(target.encode()).decode()
        await exchange.head(status, {"Location": location, "Content-Length": "0"})

    return route


async def forever(chunk: bytes) -> AsyncIterator[bytes]:
    while True:
        yield chunk


async def repeat(chunk: bytes, times: int) -> AsyncIterator[bytes]:
    for _ in range(times):
        yield chunk
