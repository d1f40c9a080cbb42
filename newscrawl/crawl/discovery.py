"""From a home page to its listings: announced feeds and robots.txt sitemaps, then the usual
locations, then the page's own links, each step taken only when the ones before found nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from scrapy.http import Request

logger = logging.getLogger(__name__)

# Where sites keep sitemaps and feeds they announce nowhere; a 404 there is expected.
PROBES = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/feed", "/rss")


class RobotsSitemaps:
    """`Sitemap:` lines of each host's robots.txt, taken from the parser of Scrapy's robots
    middleware (its `robots_parsed` signal), so that robots.txt is downloaded once."""

    def __init__(self) -> None:
        self.by_host: dict[str, list[str]] = {}

    def robots_parsed(self, robotparser: object, request: Request) -> None:
        parts = urlsplit(request.url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        # Protego (Scrapy's default parser) lists them; other parsers are read for none.
        lines = getattr(getattr(robotparser, "rp", None), "sitemaps", None) or []
        self.by_host[parts.netloc] = resolved(robots_url, [str(line) for line in lines])

    def of(self, page_url: str) -> list[str]:
        return self.by_host.get(urlsplit(page_url).netloc, [])


def resolved(base: str, urls: list[str]) -> list[str]:
    """`urls` made absolute against `base` (`Sitemap: /sitemap.xml`); unreadable ones left out.

    urljoin alone, not urlkey.absolute_url: a line with a port out of range is kept, so that
    the check every request passes refuses it as malformed, counted with the crawl's refusals.
    """
    found = []
    for url in urls:
        try:
            found.append(urljoin(base, url.strip()))
        except ValueError:
            logger.info("Ignored sitemap %.200s of %s: not a URL", url, base)
    return list(dict.fromkeys(found))


@dataclass
class Step:
    """What to request next for a home page: listings (`probe`: at the usual locations) or links."""

    listings: list[str] = field(default_factory=list)
    probe: bool = False
    links: tuple[list[str], list[str]] | None = None


@dataclass
class _Home:
    stages: list[tuple[list[str], bool]]
    links: tuple[list[str], list[str]]
    pending: int = 0


class HomePages:
    """The discovery of each start page that is not an article, until a listing yields entries."""

    def __init__(self) -> None:
        self.homes: dict[str, _Home] = {}

    def start(self, url: str, announced: list[str], links: tuple[list[str], list[str]]) -> Step:
        """Announced listings first, else the usual locations, else `links` (articles, others)."""
        parts = urlsplit(url)
        probes = [f"{parts.scheme}://{parts.netloc}{path}" for path in PROBES]
        stages = [(list(dict.fromkeys(announced)), False), (probes, True)]
        home = _Home([(urls, probe) for urls, probe in stages if urls], links)
        self.homes[url] = home
        return self._next(url, home)

    def sent(self, url: str, requests: int) -> None:
        self.homes[url].pending = requests

    def answered(self, url: str | None, found: bool) -> Step | None:
        """One of `url`'s listings was read (`found`: it had entries), failed or was not sent."""
        home = self.homes.get(url or "")
        if home is None:
            return None
        home.pending -= 1
        if found:
            del self.homes[url or ""]
            return None
        return self._next(url or "", home) if home.pending <= 0 else None

    def _next(self, url: str, home: _Home) -> Step:
        if not home.stages:
            del self.homes[url]
            logger.info("No feed or sitemap found for %s: following its links", url)
            return Step(links=home.links)
        listings, probe = home.stages.pop(0)
        home.pending = 0  # until the spider says how many it sent
        return Step(listings=listings, probe=probe)
