"""The headers every response carries: a strict Content-Security-Policy and its companions."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newscrawl.serve.hosts import is_loopback

# Everything the pages show comes from crawled pages, which anyone may write: no script runs,
# no remote resource loads, nothing may frame the pages or post their forms elsewhere. The
# charts are inline SVG with presentation attributes, the style one file of our own.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: adds SECURITY_HEADERS to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


class LoopbackHosts:
    """ASGI middleware: a request whose Host is not loopback is refused (400).

    A server on 127.0.0.1 is still reachable from a browser's other pages through DNS
    rebinding: a web site whose name now points at 127.0.0.1 could read the store. Such a
    request names that site in its Host header, which this refuses.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_loopback(Headers(scope=scope).get("host", "")):
            await PlainTextResponse("Host must be this machine (localhost or 127.0.0.1)", 400)(
                scope, receive, send
            )
            return
        await self.app(scope, receive, send)
