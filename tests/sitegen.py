"""Builds a larger news site for crawl tests: many distinct articles from one fixture template."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "site"
TEMPLATE = FIXTURES / "news/2024/03/17/firefighters-contain-wildfire-cedar-falls.html"
WORDS = (
    "harbour",
    "council",
    "river",
    "bridge",
    "school",
    "market",
    "station",
    "library",
    "orchard",
    "tunnel",
)


def article_path(number: int) -> str:
    return f"/news/2024/04/{number % 28 + 1:02d}/generated-story-number-{number}.html"


def write_article(root: Path, number: int, edition: int = 0) -> str:
    """One article whose headline and body are unique to `number` (and `edition`)."""
    page = TEMPLATE.read_text(encoding="utf-8")
    tag = f"{WORDS[number % 10]} {WORDS[number // 10 % 10]} {number} edition {edition}"
    page = re.sub(r"<p>", f"<p>Story {tag}: ", page)
    page = page.replace("Firefighters contain wildfire", f"Story {number}: firefighters contain wildfire")
    path = article_path(number)
    file = root / path.lstrip("/")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(page, encoding="utf-8")
    return path


def write_sitemap(root: Path, paths: list[str], lastmod: dict[str, str] | None = None) -> None:
    entries = "".join(
        f"<url><loc>{{{{BASE}}}}{p}</loc>"
        + (f"<lastmod>{lastmod[p]}</lastmod>" if lastmod and p in lastmod else "")
        + "</url>"
        for p in paths
    )
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def build_site(root: Path, count: int) -> list[str]:
    paths = [write_article(root, n) for n in range(count)]
    write_sitemap(root, paths)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return paths


def write_feed(root: Path, paths: list[str], dates: list[str]) -> None:
    """An RSS feed of `paths`, newest first, with their publication dates (RFC 822)."""
    items = "".join(
        f"<item><title>Story {p}</title><link>{{{{BASE}}}}{p}</link><pubDate>{d}</pubDate></item>"
        for p, d in zip(paths, dates, strict=True)
    )
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>{items}</channel></rss>'
    )
