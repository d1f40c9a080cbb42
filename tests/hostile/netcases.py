"""Hostile servers: resets, trickles, errors and Retry-After, redirect loops, chains and escapes."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from tests.hostile.case import BROKEN, OTHER, Case, Check, redirect, static
from tests.hostile.pages import article
from tests.hostile.server import Exchange, Hit, Route

FAILED = r"Failed {{url}} \({reason}\)"


def download_failure(kind: str) -> dict[str, int]:
    """The stats of a download that failed for good: the spider's count, and the kind's."""
    return {"newscrawl/errors/download": 1, f"newscrawl/download_failures/{kind}": 1}


TRIES = 3  # RETRY_TIMES=2 (the project's setting): the first request and two retries


def spaced(seconds: float, count: int) -> Check:
    """A check: the case was requested `count` times, each no sooner than `seconds` after the
    previous answer (a Retry-After honoured)."""

    def check(hits: list[Hit]) -> None:
        assert len(hits) == count, [h.path for h in hits]
        for before, after in pairwise(hits):
            assert before.ended is not None
            assert after.started - before.ended >= seconds * 0.95, (before, after)

    return check


def requested(count: int) -> Check:
    def check(hits: list[Hit]) -> None:
        assert len(hits) == count, [(h.path, h.outcome) for h in hits]

    return check


def connection_cases() -> list[Case]:
    async def reset(exchange: Exchange) -> None:
        exchange.reset()

    async def reset_mid_body(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": "text/html", "Content-Length": "50000"})
        await exchange.send(b"<html><head><title>Cut</title></head><body><p>" + b"word " * 500)
        await asyncio.sleep(0.05)
        exchange.reset()

    async def truncated(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": "text/html", "Content-Length": "50000"})
        await exchange.send(b"<html><head><title>Short</title></head><body><p>" + b"word " * 500)
        exchange.writer.close()  # a clean close, 47 kB short of the length promised

    async def trickle(exchange: Exchange) -> None:
        page = article("A story sent one byte a second").encode()
        await exchange.head(200, {"Content-Type": "text/html", "Content-Length": str(len(page))})
        for byte in page:
            await exchange.send(bytes([byte]))
            await asyncio.sleep(1)

    async def garbage(exchange: Exchange) -> None:
        await exchange.send(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 not HTTP at all\r\n\r\n")

    return [
        Case(
            "reset-at-once",
            "connection resets",
            {"/reset.html": reset},
            "/reset.html",
            stats=download_failure("connection"),
            log=FAILED.format(reason="download") + ": connection: Connection to the other side was lost",
            check=requested(TRIES),
        ),
        Case(
            "reset-mid-body",
            "connection resets",
            {"/reset-mid-body.html": reset_mid_body},
            "/reset-mid-body.html",
            stats=download_failure("truncated"),
            log=FAILED.format(reason="download") + ": truncated: ",
            check=requested(TRIES),
        ),
        Case(
            "truncated-body",
            "connection resets",
            {"/truncated.html": truncated},
            "/truncated.html",
            stats=download_failure("truncated"),
            log=FAILED.format(reason="download") + ": truncated: ",
        ),
        Case(
            "reset-start-and-robots",
            "connection resets",
            # A host that resets every connection, robots.txt included, crawled from its home page.
            {"/": reset, "/robots.txt": reset},
            "/",
            kind="start",
            host=BROKEN,
            # robots.txt counts as a failed download too, though only the page is an error.
            stats={"newscrawl/errors/download": 1, "newscrawl/download_failures/connection": 2},
            log=FAILED.format(reason="download") + ": connection: Connection to the other side was lost",
            check=requested(2 * TRIES),
            exit_alone=3,
        ),
        Case(
            "trickle",
            "a server that trickles a byte a second",
            {"/trickle.html": trickle},
            "/trickle.html",
            stats=download_failure("timeout"),
            log=FAILED.format(reason="download") + ": timeout: ",
            within=30,
        ),
        Case(
            "not-http",
            "a server that does not speak HTTP",
            {"/not-http.html": garbage},
            "/not-http.html",
            stats=download_failure("connection"),
            log=FAILED.format(reason="download") + ": connection: .*wrong number of parts",
        ),
    ]


def status_cases() -> list[Case]:
    hits = {"503": 0}

    async def unavailable_once(exchange: Exchange) -> None:
        hits["503"] += 1
        if hits["503"] == 1:
            await exchange.answer(503, b"<h1>Busy</h1>", **{"Retry_After": "1"})
        else:
            await exchange.answer(200, article("A story that was busy at first").encode())

    return [
        Case(
            "http-500",
            "500",
            {"/error.html": static("<h1>Internal error</h1>", status=500)},
            "/error.html",
            stats={"newscrawl/errors/http_500": 1},
            log=FAILED.format(reason="http_500"),
            check=requested(TRIES),
        ),
        Case(
            "503-retry-after",
            "503 with Retry-After",
            {"/busy.html": unavailable_once},
            "/busy.html",
            stats={"newscrawl/retry_after/waited": 1},
            stored=("A story that was busy at first",),
            check=spaced(1, 2),
        ),
        Case(
            "503-retry-after-a-day",
            "503 with Retry-After",
            {"/closed.html": static("<h1>Maintenance</h1>", status=503, headers={"Retry-After": "86400"})},
            "/closed.html",
            stats={"newscrawl/errors/http_503": 1, "newscrawl/retry_after/beyond_cap": 1},
            log=r"Not retrying {url} in this crawl: HTTP 503 asks for 86400 s",
            check=requested(1),  # a day is past the cap: not retried in this crawl at all
        ),
        Case(
            "429",
            "429",
            {"/limited.html": static("<h1>Slow down</h1>", status=429, headers={"Retry-After": "1"})},
            "/limited.html",
            stats={"newscrawl/errors/http_429": 1, "newscrawl/retry_after/waited": 2},
            log=FAILED.format(reason="http_429"),
            check=spaced(1, TRIES),
        ),
    ]


def redirect_cases() -> list[Case]:
    chain = {f"/chain/{n}": redirect(f"{{{{BASE}}}}/chain/{n + 1}", 301) for n in range(4)}
    chain["/chain/4"] = static(article("A story at the end of a redirect chain"))
    endless = {"/endless-chain/": _endless_chain()}
    return [
        Case(
            "redirect-loop",
            "redirect loops",
            {"/loop/a": redirect("{{BASE}}/loop/b"), "/loop/b": redirect("{{BASE}}/loop/a")},
            "/loop/a",
            stats=download_failure("redirect_loop"),
            log=r"Failed {base}/loop/b \(download\): redirect loop: {url} -> {base}/loop/b -> {url}$",
        ),
        Case(
            "redirect-chain",
            "redirect chains",
            chain,
            "/chain/0",
            stored=("A story at the end of a redirect chain",),
        ),
        Case(
            "redirect-chain-endless",
            "redirect chains",
            endless,
            "/endless-chain/0",
            stats={"newscrawl/errors/download": 1},
            log=r"Failed {base}/endless-chain/20 \(download\): max redirections reached",
        ),
        Case(
            "redirect-to-file",
            "redirects to non-HTTP schemes",
            {"/to-file.html": redirect("file:///etc/passwd")},
            "/to-file.html",
            stats={"newscrawl/refused/scheme/file": 1},
            log=r"Refused file:///etc/passwd \(scheme/file\): redirected from {url}",
        ),
        Case(
            "redirect-to-javascript",
            "redirects to non-HTTP schemes",
            {"/to-js.html": redirect("javascript:alert(document.cookie)")},
            "/to-js.html",
            stats={"newscrawl/refused/scheme/javascript": 1},
            log=r"Refused javascript:alert\(document.cookie\) \(scheme/javascript\): redirected from {url}",
        ),
        Case(
            "redirect-other-host",
            "redirects to other hosts",
            {
                "/moved.html": redirect(f"{{{{{OTHER}}}}}/news/2024/05/03/moved-here.html", 301),
                f"//{OTHER}/news/2024/05/03/moved-here.html": static(
                    article("A story that moved to another host")
                ),
            },
            "/moved.html",
            stored=("A story that moved to another host",),
        ),
        Case(
            "meta-refresh",
            "meta-refresh",
            {
                "/refresh.html": static(
                    '<html><head><meta http-equiv="refresh" content="0; url=/news/2024/05/04/refreshed.html">'
                    "</head><body><p>Moved.</p></body></html>"
                ),
                "/news/2024/05/04/refreshed.html": static(article("A story behind a meta refresh")),
            },
            "/refresh.html",
            stored=("A story behind a meta refresh",),
        ),
        Case(
            "robots-disallow",
            "robots.txt disallow",
            {"/private/2024/05/secret-story.html": static(article("A story robots.txt forbids"))},
            "/private/2024/05/secret-story.html",
            # Never requested: refused by rule, as a file: URL is, not failed.
            stats={"robotstxt/forbidden": 1, "newscrawl/refused/robots": 1},
            log=r"Refused {url} \(robots\)$",
            check=requested(0),
        ),
    ]


def _endless_chain() -> Route:
    async def route(exchange: Exchange) -> None:
        step = int(exchange.path.rsplit("/", 1)[1] or 0)
        location = f"{exchange.base}/endless-chain/{step + 1}"
        await exchange.head(302, {"Location": location, "Content-Length": "0"})

    return route
