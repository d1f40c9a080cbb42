"""A sitemap of 200,000 URLs: how soon the first article is fetched, and the crawl's memory.

Serves on 127.0.0.1 one sitemap listing `--urls` article URLs (pages made on request from the
fixture site's article template, each with its own headline and text), runs a real
`newscrawl crawl SITEMAP --max-pages N` on it, and prints the seconds until the server sent
the first article page, pages/s from then on, and the peak RSS of the crawl process (and of
its extraction workers). `--code DIR` runs the crawl from another checkout of newscrawl (for
instance `git worktree add /tmp/base c8b79b9`) with this environment's packages.

Usage: python benchmarks/big_sitemap.py [--urls 200000] [--max-pages 300] [--timeout 300] [--code DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE.parent / "fixtures/site/news/2024/03/17/firefighters-contain-wildfire-cedar-falls.html"
ARTICLE = re.compile(r"^/a/(\d+)\.html$")


class Site:
    """The sitemap and its articles, and when the first article left the server."""

    def __init__(self, urls: int) -> None:
        self.template = TEMPLATE.read_text(encoding="utf-8")
        self.urls = urls
        self.sitemap = b""
        self.first_article: float | None = None
        self.articles_sent = 0
        self.lock = threading.Lock()

    def build_sitemap(self, base: str) -> None:
        # A lastmod on every URL; short URLs, so that 200,000 of them stay under Scrapy's
        # DOWNLOAD_MAXSIZE (20 MB) unzipped.
        entries = "".join(
            f"<url><loc>{base}/a/{n}.html</loc>"
            f"<lastmod>2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}</lastmod></url>"
            for n in range(self.urls)
        )
        self.sitemap = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + entries
            + "</urlset>"
        ).encode()

    def article(self, number: int) -> bytes:
        page = self.template.replace(
            "Firefighters contain wildfire", f"Story {number}: firefighters contain wildfire"
        )
        return page.replace("<p>", f"<p>Story {number} of the big sitemap. ").encode()


def serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            match = ARTICLE.match(self.path)
            if self.path == "/sitemap.xml":
                self.send(site.sitemap, "application/xml")
            elif self.path == "/robots.txt":
                self.send(b"User-agent: *\nAllow: /\n", "text/plain")
            elif match:
                self.send(site.article(int(match[1])), "text/html; charset=utf-8")
                with site.lock:
                    site.articles_sent += 1
                    site.first_article = site.first_article or time.monotonic()
            else:
                self.send_error(404)

        def send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the crawl ended mid-answer
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--urls", type=int, default=200_000)
    parser.add_argument("--max-pages", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument(
        "--code", type=Path, default=HERE.parent, help="checkout whose newscrawl runs the crawl"
    )
    args = parser.parse_args()
    site = Site(args.urls)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}"
    site.build_sitemap(base)
    code = args.code.resolve()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWL_")}
    env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "newscrawl", "crawl", base + "/sitemap.xml"]
        command += ["--db", f"sqlite:///{tmp}/big.db", "--max-pages", str(args.max_pages)]
        start = time.monotonic()
        log = open(Path(tmp) / "crawl.log", "w+")  # noqa: SIM115 - read back after the crawl
        crawl = subprocess.Popen(command, cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak_main = peak_all = 0
        while crawl.poll() is None and time.monotonic() - start < args.timeout:
            peak_main = max(peak_main, rss_kb(crawl.pid, "VmHWM"))
            peak_all = max(peak_all, rss_kb(crawl.pid) + sum(rss_kb(c) for c in children(crawl.pid)))
            time.sleep(0.2)
        timed_out = crawl.poll() is None
        if timed_out:
            crawl.kill()
        crawl.wait()
        end = time.monotonic()
        log.seek(0)
        output = log.read()
        log.close()
    server.shutdown()
    print(f"code: {code} ({'HEAD ' + _commit(code)})")
    print(f"sitemap: {args.urls} URLs, {len(site.sitemap) / 1e6:.1f} MB; --max-pages {args.max_pages}")
    print(f"exit: {'killed after --timeout ' + str(args.timeout) + ' s' if timed_out else crawl.returncode}")
    print(f"wall time: {end - start:.1f} s; article pages sent: {site.articles_sent}")
    if site.first_article is None:
        print("time to first article: none downloaded")
    else:
        first = site.first_article - start
        rate = site.articles_sent / max(end - site.first_article, 1e-9)
        print(f"time to first article: {first:.1f} s; then {rate:.1f} pages/s")
    print(
        f"peak RSS: crawl process {peak_main / 1024:.0f} MB; with extraction workers {peak_all / 1024:.0f} MB"
    )
    if not site.articles_sent:
        print(output[-2000:])
    if "Traceback" in output:
        print("tracebacks in the crawl's output:", output.count("Traceback"))


def _commit(code: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return result.stdout.strip() or "?"


if __name__ == "__main__":
    main()
