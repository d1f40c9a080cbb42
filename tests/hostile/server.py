"""A raw-socket HTTP server on loopback addresses that misbehaves on purpose, one route at a time.

http.server writes whole, well-formed answers; the hostile cases need a server that resets a
connection, trickles a byte a second, never ends a body or streams a gigabyte generated on the
fly, so each route here writes its own bytes to the socket (asyncio, one thread, any number of
slow clients at no cost).
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A request head larger than this is not a crawler's: the connection is dropped.
MAX_HEAD = 64 * 1024


@dataclass
class Exchange:
    """One request and the socket to answer it on."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    host: str  # the loopback address the request came in on, e.g. "127.0.0.1:8080"
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    peers: dict[str, str]  # each host the server listens on -> its base URL

    def fill(self, text: bytes) -> bytes:
        """`{{BASE}}` as this host's base URL, `{{127.0.0.2}}` as that host's."""
        text = text.replace(b"{{BASE}}", self.base.encode())
        for host, url in self.peers.items():
            text = text.replace(b"{{%s}}" % host.encode(), url.encode())
        return text

    @property
    def base(self) -> str:
        return f"http://{self.host}"

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def head(self, status: int, headers: dict[str, str] | list[tuple[str, str]]) -> None:
        """The status line and headers; `Connection: close`, so each answer ends its socket."""
        pairs = list(headers.items()) if isinstance(headers, dict) else headers
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Whatever')}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in pairs]
        await self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def answer(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **extra: str
    ) -> None:
        headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
        headers.update({k.replace("_", "-"): v for k, v in extra.items()})
        await self.head(status, headers)
        await self.send(body)

    async def stream(self, chunks: AsyncIterator[bytes] | Callable[[], AsyncIterator[bytes]]) -> None:
        """Chunks as they are made, until the client hangs up or they run out."""
        source = chunks() if callable(chunks) else chunks
        async for chunk in source:
            await self.send(chunk)

    async def until_hangup(self) -> None:
        """Send nothing more, until the client gives up and closes the connection."""
        while await self.reader.read(4096):
            pass

    def reset(self) -> None:
        """Close with a TCP RST instead of a FIN: SO_LINGER on, zero seconds."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


Route = Callable[[Exchange], Awaitable[None]]

_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass
class Hit:
    """One request as the server saw it: when it came, when its handler was done, and how."""

    path: str
    host: str
    started: float
    ended: float | None = None
    outcome: str = "open"


@dataclass
class HostileServer:
    """Serves `routes` ((host, path) -> handler; a path ending in '/' is a prefix) on each of
    `hosts` (loopback addresses, one port each), in a thread of its own; a context manager."""

    routes: dict[tuple[str, str], Route]
    hosts: tuple[str, ...] = ("127.0.0.1",)
    hits: list[Hit] = field(default_factory=list)
    ports: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.Server] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def url(self, host: str | None = None) -> str:
        host = host or self.hosts[0]
        return f"http://{host}:{self.ports[host]}"

    def served(self, host: str, path: str) -> list[Hit]:
        """The hits of one path of one host (query string included when `path` has one)."""
        return [hit for hit in list(self.hits) if hit.host == host and hit.path == path]

    def __enter__(self) -> HostileServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _listen(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(self._serve, host, 0, limit=MAX_HEAD)
            self.ports[host] = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _close(self) -> None:
        for server in self._servers:
            server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._exchange(reader, writer)
        finally:
            self._tasks.discard(task)
            writer.transport.abort()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            return
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = [*request_line.split(" "), "", ""][:3]
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        parts = urlsplit(target)
        local = writer.get_extra_info("sockname")
        peers = {host: f"http://{host}:{port}" for host, port in self.ports.items()}
        exchange = Exchange(
            method, parts.path, parts.query, headers, f"{local[0]}:{local[1]}", reader, writer, peers
        )
        hit = Hit(target, local[0], time.monotonic())
        self.hits.append(hit)
        route = self._route(local[0], parts.path)
        try:
            if route is None:
                await exchange.answer(404, b"<html><body><h1>Not found</h1></body></html>")
            else:
                await route(exchange)
            hit.outcome = "done"
        except (ConnectionError, asyncio.CancelledError):
            hit.outcome = "client gone"  # the crawler hung up: what the case is about
        finally:
            hit.ended = time.monotonic()

    def _route(self, host: str, path: str) -> Route | None:
        if (host, path) in self.routes:
            return self.routes[host, path]
        prefixes = [p for h, p in self.routes if h == host and p.endswith("/") and path.startswith(p)]
        return self.routes[host, max(prefixes, key=len)] if prefixes else None
