"""Hostile pages: wrong charsets, UTF-16, binary and PDF bodies, huge, nested and soft-404 pages."""

from __future__ import annotations

from collections.abc import AsyncIterator

from tests.hostile.case import Case, forever, repeat, static
from tests.hostile.pages import article, deeply_nested, gzip_bomb, noise, pdf, soft_404
from tests.hostile.server import Exchange

MB = 1024 * 1024
FAILED = r"Failed {{url}} \({reason}\)"
SKIPPED = r"Skipped {{url}} \({reason}\)"


def download_failure(kind: str) -> dict[str, int]:
    """The stats of a download that failed for good: the spider's count, and the kind's."""
    return {"newscrawl/errors/download": 1, f"newscrawl/download_failures/{kind}": 1}


def good_articles(count: int) -> list[Case]:
    """Ordinary articles crawled beside the hostile cases: they must all be stored, promptly."""
    return [
        Case(
            f"good-{n}",
            "the rest of the crawl",
            {path: static(article(f"Good story {n} of the harbour"))},
            path,
            stored=(f"Good story {n} of the harbour",),
        )
        for n in range(count)
        for path in [f"/news/2024/05/0{n + 1}/good-story-{n}.html"]
    ]


def charset_cases() -> list[Case]:
    wrong = article("Совет обсудил ремонт причала", "ru", meta_charset=None).encode("cp1251")
    missing = article("Élections à Besançon: le conseil débat", "fr", meta_charset=None).encode("cp1252")
    contradictory = article("Übersee: Gemeinderat berät über die Brücke", "de", meta_charset="utf-8")
    utf16 = article("港湾協議会が桟橋の修理を協議", "ja", meta_charset="utf-16")
    utf16le = article("港湾協議会が桟橋の修理を協議 (LE)", "ja", meta_charset="utf-16")
    return [
        Case(
            "charset-wrong",
            "wrong charset",
            {"/charset/wrong.html": static(wrong, "text/html; charset=utf-8")},
            "/charset/wrong.html",
            stored=("Совет обсудил ремонт причала",),
        ),
        Case(
            "charset-missing",
            "missing charset",
            {"/charset/missing.html": static(missing, "text/html")},
            "/charset/missing.html",
            stored=("Élections à Besançon: le conseil débat",),
        ),
        Case(
            "charset-contradictory",
            "contradictory charsets",
            # The header says Latin-1, the page's <meta> UTF-8, and the bytes are UTF-8.
            {"/charset/contradictory.html": static(contradictory, "text/html; charset=iso-8859-1")},
            "/charset/contradictory.html",
            stored=("Übersee: Gemeinderat berät über die Brücke",),
        ),
        Case(
            "utf-16-bom",
            "UTF-16",
            {"/charset/utf16.html": static(utf16.encode("utf-16"), "text/html; charset=utf-16")},
            "/charset/utf16.html",
            stored=("港湾協議会が桟橋の修理を協議",),
        ),
        Case(
            "utf-16-no-bom",
            "UTF-16",
            # No byte order mark: only the header says how to read the bytes.
            {"/charset/utf16le.html": static(utf16le.encode("utf-16-le"), "text/html; charset=utf-16le")},
            "/charset/utf16le.html",
            stored=("港湾協議会が桟橋の修理を協議 (LE)",),
        ),
    ]


def body_cases() -> list[Case]:
    async def endless(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": "text/html"})  # no length: ends when closed
        await exchange.send(b"<html><body>")
        await exchange.stream(forever(b"<p>" + b"word " * 2000 + b"</p>"))

    async def huge(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": "text/html", "Content-Length": str(50 * MB)})
        await exchange.stream(repeat(b"<p>" + b"x" * 1017 + b"</p>\n", 50 * 1024))

    async def bomb(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"})

        async def chunks() -> AsyncIterator[bytes]:
            for chunk in gzip_bomb(1024 * MB):
                yield chunk

        await exchange.stream(chunks)

    async def stalled(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": "text/html", "Content-Length": "100000"})
        await exchange.send(b"<html><head><title>Half a page</title></head><body><p>")
        await exchange.until_hangup()

    return [
        Case(
            "binary-as-html",
            "binary served as text/html",
            {"/binary.html": static(noise(200_000), "text/html")},
            "/binary.html",
            stats={"newscrawl/errors/unreadable": 1},
            log=FAILED.format(reason="unreadable"),
        ),
        Case(
            "pdf",
            "a PDF",
            {"/files/annual-report-2024.pdf": static(pdf(), "application/pdf")},
            "/files/annual-report-2024.pdf",
            stats={"newscrawl/skipped/not_html": 1},
            log=SKIPPED.format(reason="not_html"),
        ),
        Case(
            "page-50mb",
            "a 50 MB page",
            {"/huge.html": huge},
            "/huge.html",
            stats=download_failure("too_large"),
            log=FAILED.format(reason="download") + ": too_large: ",
        ),
        Case(
            "gzip-bomb",
            "a gzip bomb (1 GB after decompression)",
            {"/bomb.html": bomb},
            "/bomb.html",
            stats={"newscrawl/errors/download": 1},
            log=FAILED.format(reason="download") + r": Ignored response .* exceeded DOWNLOAD_MAXSIZE",
        ),
        Case(
            "endless-body",
            "a body that never ends",
            {"/endless.html": endless},
            "/endless.html",
            stats=download_failure("too_large"),
            log=FAILED.format(reason="download") + ": too_large: ",
        ),
        Case(
            "stalled-body",
            "a body that never ends",
            {"/stalled.html": stalled},
            "/stalled.html",
            stats=download_failure("timeout"),
            log=FAILED.format(reason="download") + ": timeout: ",
        ),
        Case(
            "nested-100k",
            "HTML nested 100,000 deep",
            {"/nested.html": static(deeply_nested(100_000, "A story below a hundred thousand divs"))},
            "/nested.html",
            # libxml2 stops at 255 levels (lxml without huge_tree): the story below is not read,
            # in a quarter of a second, and the page is counted as one without text.
            stats={"newscrawl/skipped/empty_body": 1},
            log=SKIPPED.format(reason="empty_body"),
        ),
        Case(
            "soft-404",
            'a soft 404 (200 with "page not found")',
            {"/news/2024/05/02/moved-story.html": static(soft_404())},
            "/news/2024/05/02/moved-story.html",
            stats={"newscrawl/skipped/soft_404": 1},
            log=SKIPPED.format(reason="soft_404"),
        ),
    ]
