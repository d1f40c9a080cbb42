"""Hostile listings: XML bombs, endless and huge sitemaps, looping indexes, broken feeds, robots
crawl-delay and an infinite calendar."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from itertools import pairwise
from pathlib import Path

from tests.hostile.case import OTHER, SLOW, Case, static
from tests.hostile.pages import article
from tests.hostile.server import Exchange, Hit, Route

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML = "application/xml"
MB = 1024 * 1024
SECRET = "XXE-SECRET-3c1d9f"
FAILED = r"Failed {{url}} \({reason}\)"


def urlset(*locs: str) -> str:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">{entries}</urlset>'


def index(*locs: str) -> str:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>'


def story(path: str, headline: str) -> dict[str, Route]:
    return {path: static(article(headline))}


def xml_bomb_cases(secret: Path) -> list[Case]:
    laughs = (
        '<!DOCTYPE urlset [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
        )
        + "]>"
    )
    xxe = f'<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    news = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    # The entities sit where leaving them unexpanded costs nothing (a date, a title hint): the
    # entry's article must be stored whatever a parser makes of them, and no secret must leak.
    laughs_entry = "<url><loc>{{BASE}}/news/2024/05/05/no-laughs.html</loc><lastmod>&lol9;</lastmod></url>"
    xxe_entry = (
        "<url><loc>{{BASE}}/news/2024/05/06/no-xxe.html</loc>"
        "<news:news><news:title>&xxe;</news:title></news:news><lastmod>&xxe;</lastmod></url>"
    )
    return [
        Case(
            "billion-laughs",
            "a sitemap with entity expansion (billion laughs)",
            {
                "/sitemaps/laughs.xml": static(
                    f'<?xml version="1.0"?>{laughs}<urlset xmlns="{SITEMAP_NS}">{laughs_entry}</urlset>', XML
                ),
                **story("/news/2024/05/05/no-laughs.html", "A story listed beside a billion laughs"),
            },
            "/sitemaps/laughs.xml",
            kind="start",
            stored=("A story listed beside a billion laughs",),
        ),
        Case(
            "xxe",
            "a sitemap with external entities (XXE)",
            {
                "/sitemaps/xxe.xml": static(
                    f'<?xml version="1.0"?>{xxe}<urlset xmlns="{SITEMAP_NS}" {news}>{xxe_entry}</urlset>', XML
                ),
                **story("/news/2024/05/06/no-xxe.html", "A story listed beside an external entity"),
            },
            "/sitemaps/xxe.xml",
            kind="start",
            stored=("A story listed beside an external entity",),
        ),
    ]


def sitemap_cases() -> list[Case]:
    async def gigabyte(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": XML})  # no length: a gigabyte until closed

        async def entries() -> AsyncIterator[bytes]:
            yield f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">'.encode()
            entry = f"<url><loc>{exchange.base}/news/2024/05/07/".encode()
            block = b"".join(entry + b"story-%d.html</loc></url>" % n for n in range(10_000))
            for _ in range(1024 * MB // len(block)):
                yield block

        await exchange.stream(entries)

    async def many(exchange: Exchange) -> None:
        await exchange.head(200, {"Content-Type": XML})

        async def entries() -> AsyncIterator[bytes]:
            yield f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">'.encode()
            for start in range(0, 200_000, 1000):
                yield "".join(
                    f"<url><loc>{exchange.base}/many/2024/05/story-{n}.html</loc></url>"
                    for n in range(start, start + 1000)
                ).encode()
            yield b"</urlset>"

        await exchange.stream(entries)

    async def many_story(exchange: Exchange) -> None:
        number = exchange.path.rsplit("-", 1)[1].split(".")[0]
        await exchange.answer(200, article(f"Story number {number} of two hundred thousand").encode())

    def loop_check(hits: list[Hit]) -> None:
        indexes = sorted(h.path for h in hits if "/index-" in h.path)
        assert indexes == ["/sitemaps/index-a.xml", "/sitemaps/index-b.xml"], hits

    return [
        Case(
            "sitemap-1gb",
            "a sitemap of 1 GB",
            {"/sitemaps/gigabyte.xml": gigabyte},
            "/sitemaps/gigabyte.xml",
            kind="start",
            stats={"newscrawl/errors/download": 1, "newscrawl/download_failures/too_large": 1},
            log=FAILED.format(reason="download") + ": too_large: ",
        ),
        Case(
            "sitemap-index-loop",
            "sitemap indexes that point at each other",
            {
                "/sitemaps/index-a.xml": static(
                    index("{{BASE}}/sitemaps/index-b.xml", "{{BASE}}/sitemaps/child.xml"), XML
                ),
                "/sitemaps/index-b.xml": static(index("{{BASE}}/sitemaps/index-a.xml"), XML),
                "/sitemaps/child.xml": static(urlset("{{BASE}}/news/2024/05/08/in-a-loop.html"), XML),
                **story("/news/2024/05/08/in-a-loop.html", "A story under two looping indexes"),
            },
            "/sitemaps/index-a.xml",
            kind="start",
            stored=("A story under two looping indexes",),
            check=loop_check,
        ),
        Case(
            "sitemap-200k",
            "a sitemap of 200,000 URLs",
            {"/sitemaps/many.xml": many, "/many/": many_story},
            "/sitemaps/many.xml",
            kind="start",
            within=90,
            # 200,000 articles are no test: the first 20 show the listing is consumed as it is
            # crawled, then --max-pages ends the crawl.
            alone=("--max-pages", "20"),
        ),
    ]


def feed_cases() -> list[Case]:
    items = "".join(
        f"<item><title>Feed story {n}</title>"
        f"<link>{{{{BASE}}}}/news/2024/05/09/feed-story-{n}.html</link></item>"
        for n in range(2)
    )
    truncated = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>{items}<item><title>Hal'
    entities = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bad &nbsp; entity\x01</title>'
        "<item><title>Feed story &eacute; 2</title>"
        "<link>{{BASE}}/news/2024/05/10/feed-entity-story.html</link></item></channel></rss>"
    )
    json_feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON News",
            "items": [
                {"id": "1", "url": "http://[oops/bad.html"},
                {"id": "2", "url": "{{BASE}}/news/2024/05/11/json-feed-story.html", "title": "JSON story"},
                {"id": "3"},
            ],
        }
    )
    return [
        Case(
            "feed-truncated",
            "malformed feeds",
            {
                "/feeds/truncated.xml": static(truncated, "application/rss+xml"),
                **story("/news/2024/05/09/feed-story-0.html", "A story from a truncated feed"),
                **story("/news/2024/05/09/feed-story-1.html", "Another story from a truncated feed"),
            },
            "/feeds/truncated.xml",
            kind="start",
            stored=("A story from a truncated feed", "Another story from a truncated feed"),
        ),
        Case(
            "feed-bad-entities",
            "malformed feeds",
            {
                "/feeds/entities.xml": static(entities, "application/rss+xml"),
                **story("/news/2024/05/10/feed-entity-story.html", "A story from a feed of bad entities"),
            },
            "/feeds/entities.xml",
            kind="start",
            stored=("A story from a feed of bad entities",),
        ),
        Case(
            "feed-garbage",
            "malformed feeds",
            {
                "/feeds/garbage.xml": static(
                    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "application/rss+xml"
                )
            },
            "/feeds/garbage.xml",
            kind="start",
            stats={"newscrawl/skipped/not_html": 1},
            log=r"Skipped {url} \(not_html\)",
        ),
        Case(
            "json-feed-bad-items",
            "malformed feeds",
            {
                "/feeds/feed.json": static(json_feed, "application/feed+json"),
                **story("/news/2024/05/11/json-feed-story.html", "A story from a JSON Feed with bad items"),
            },
            "/feeds/feed.json",
            kind="start",
            stats={"newscrawl/refused/malformed": 1},
            stored=("A story from a JSON Feed with bad items",),
        ),
        Case(
            "json-feed-broken",
            "malformed feeds",
            {
                "/feeds/broken.json": static(
                    '{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": ',
                    "application/feed+json",
                )
            },
            "/feeds/broken.json",
            kind="start",
            stats={"newscrawl/errors/bad_listing": 1},
            log=FAILED.format(reason="bad_listing"),
        ),
    ]


def site_cases() -> list[Case]:
    """Cases that start from a home page, on hosts of their own (robots.txt is per host)."""
    slow_stories = {
        f"/news/2024/05/1{n}/slow-story-{n}.html": static(article(f"Slow host story {n}")) for n in range(4)
    }
    slow_sitemap = urlset(*(f"{{{{BASE}}}}{path}" for path in slow_stories))

    def one_a_second(hits: list[Hit]) -> None:
        stories = sorted(h.started for h in hits if "/slow-story-" in h.path)
        assert len(stories) == 4, hits
        assert all(b - a >= 0.95 for a, b in pairwise(stories)), stories

    async def calendar(exchange: Exchange) -> None:
        # Every day links to the day before and after, and to its month: there is no last page.
        day = int(exchange.query.partition("=")[2] or 0)
        links = "".join(
            f'<a href="/calendar?day={day + step}">day {day + step}</a> ' for step in (-1, 1, 2, 3)
        )
        await exchange.answer(200, f"<html><body><h1>Events, day {day}</h1>{links}</body></html>".encode())

    def bounded(hits: list[Hit]) -> None:
        days = [h for h in hits if h.path.startswith("/calendar")]
        assert 0 < len(days) <= 20, days

    return [
        Case(
            "robots-crawl-delay",
            "robots.txt crawl-delay",
            {
                "/": static(
                    "<html><head><title>Slow News</title></head><body><h1>Slow News</h1></body></html>"
                ),
                "/robots.txt": static(
                    "User-agent: *\nCrawl-delay: 1\nSitemap: {{BASE}}/sitemap.xml\n", "text/plain"
                ),
                "/sitemap.xml": static(slow_sitemap, XML),
                **slow_stories,
            },
            "/",
            kind="start",
            host=SLOW,
            stats={
                "newscrawl/skipped/not_article": 1,
                "newscrawl/robots/crawl_delay": 1,
            },  # and the home page
            stored=tuple(f"Slow host story {n}" for n in range(4)),
            check=one_a_second,
        ),
        Case(
            "infinite-calendar",
            "an infinite calendar of links",
            {
                "/": static(
                    "<html><head><title>Events</title></head><body><h1>What's on</h1>"
                    '<a href="/calendar?day=1">Calendar</a></body></html>'
                ),
                "/robots.txt": static("User-agent: *\nAllow: /\n", "text/plain"),
                "/calendar": calendar,
            },
            "/",
            kind="start",
            host=OTHER,
            # The home page, and the one calendar page it links to: below that, links are only
            # followed to article-like URLs (--depth 2).
            stats={"newscrawl/skipped/not_article": 2},
            check=bounded,
        ),
    ]
