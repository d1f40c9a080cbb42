"""The hostile site: every case's routes on one server, a sitemap of the page cases, robots.txt."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.case import HOSTS, MAIN, Case, static
from tests.hostile.listcases import SECRET, feed_cases, site_cases, sitemap_cases, urlset, xml_bomb_cases
from tests.hostile.netcases import connection_cases, redirect_cases, status_cases
from tests.hostile.pagecases import body_cases, charset_cases, good_articles
from tests.hostile.server import HostileServer

GOOD = 6
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def all_cases(secret: Path) -> list[Case]:
    """Every case, with fresh state (a server that answers 503 once counts its own requests)."""
    return [
        *good_articles(GOOD),
        *charset_cases(),
        *body_cases(),
        *connection_cases(),
        *status_cases(),
        *redirect_cases(),
        *xml_bomb_cases(secret),
        *sitemap_cases(),
        *feed_cases(),
        *site_cases(),
    ]


def secret_file(folder: Path) -> Path:
    """The local file the XXE case's entity names: its text must never reach the crawl."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    return secret


def serve(cases: list[Case]) -> HostileServer:
    """A server for `cases` (not started): each host's robots.txt, and on the main host a
    sitemap of the cases crawled as pages."""
    routes = {(host, "/robots.txt"): static(ROBOTS, "text/plain") for host in HOSTS}
    pages = [f"{{{{BASE}}}}{case.entry}" for case in cases if case.kind == "page"]
    routes[MAIN, "/sitemap.xml"] = static(urlset(*pages), "application/xml")
    for case in cases:
        routes.update(case.served_routes())
    return HostileServer(routes, hosts=HOSTS)


def start_urls(server: HostileServer, cases: list[Case]) -> list[str]:
    """Where a crawl of `cases` starts: the main sitemap, if any case is a page, and each start case."""
    urls = [server.url(MAIN) + "/sitemap.xml"] if any(c.kind == "page" for c in cases) else []
    return urls + [case.url(server.url(case.host)) for case in cases if case.kind == "start"]
