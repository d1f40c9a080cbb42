"""The throughput benchmark's site: N unique article pages from the shared datasets, on 127.0.0.1.

Pages are read where they lie in ../shared/datasets and written, rewritten, to a temporary
folder (never into the repository). Each served URL gets text of its own, so that neither the
store's content hash nor the near-duplicate check folds two of them together: a marker word
unique to the URL opens every text run of eight words or more, and a page served again (when N
is larger than the datasets) has the words of those runs shuffled too. rel=canonical and og:url
point at the served URL itself, and the page declares UTF-8, the encoding it is written in.
"""

from __future__ import annotations

import gzip
import json
import random
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from newscrawl.extraction.charset import page_text
from newscrawl.extraction.errors import UnreadablePage

ARTICLES = "a"  # the folder (and URL path) the article pages are served under
_NOT_TEXT = {"script", "style", "noscript", "template", "textarea", "pre", "code"}
_MIN_WORDS = 8


def source_pages(datasets: Path) -> list[Path]:
    """Every article page of every dataset under `datasets` (its ground-truth.json says which)."""
    pages: list[Path] = []
    for truth in sorted(datasets.glob("*/ground-truth.json")):
        for entry in json.loads(truth.read_text(encoding="utf-8")).values():
            # wcxb marks listings, forums and products; readability's synthetic pages are unit cases.
            if entry.get("page_type", "article") == "article" and not entry.get("synthetic"):
                pages.append(truth.parent / entry["file"])
    return pages


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def unique_page(raw: bytes, url: str, serial: int, shuffle: bool) -> bytes | None:
    """The page rewritten for `url` (see the module docstring); None if it cannot be parsed."""
    try:
        tree = lxml.html.document_fromstring(page_text(raw, None))
        body = tree.find("body")
        if body is None:
            return None
        _point_at_itself(tree, url)
        _make_text_unique(body, f"u{serial:06d}", random.Random(serial) if shuffle else None)
    # ValueError also for text that XML cannot hold (control characters), which lxml refuses
    # to write back.
    except (UnreadablePage, ValueError, etree.ParserError):
        return None
    return bytes(lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>"))


def _point_at_itself(tree: Any, url: str) -> None:
    for element in list(tree.iter("link", "meta")):
        rel = (element.get("rel") or "").lower().split()
        declares_charset = element.get("charset") or (element.get("http-equiv") or "").lower() == (
            "content-type"
        )
        if "canonical" in rel or element.get("property") == "og:url" or declares_charset:
            element.drop_tree()
    head = tree.find("head")
    if head is None:
        head = etree.Element("head")
        tree.insert(0, head)
    head.insert(0, etree.Element("link", rel="canonical", href=url))
    head.insert(0, etree.Element("meta", charset="utf-8"))


def _make_text_unique(body: Any, marker: str, rng: random.Random | None) -> None:
    def rewrite(text: str | None) -> str | None:
        words = (text or "").split()
        if len(words) < _MIN_WORDS:
            return text
        if rng is not None:
            rng.shuffle(words)
        return f" {marker} {' '.join(words)} "

    for element in body.iter():
        if isinstance(element.tag, str) and element.tag not in _NOT_TEXT:
            element.text = rewrite(element.text)
        if element is not body:
            element.tail = rewrite(element.tail)


def build_site(datasets: Path, folder: Path, base: str, count: int) -> list[str]:
    """Writes `count` pages, sitemap.xml and robots.txt into `folder`; the pages' URLs."""
    sources = source_pages(datasets)
    if not sources:
        raise SystemExit(f"no article pages under {datasets} (*/ground-truth.json)")
    (folder / ARTICLES).mkdir(parents=True, exist_ok=True)
    urls: list[str] = []
    # Enough passes over the sources for `count` pages even if a few cannot be parsed.
    for index in range(len(sources) * (count // len(sources) + 2)):
        url = f"{base}/{ARTICLES}/{len(urls):06d}.html"
        page = unique_page(_read(sources[index % len(sources)]), url, len(urls), index >= len(sources))
        if page is not None:
            (folder / ARTICLES / f"{len(urls):06d}.html").write_bytes(page)
            urls.append(url)
        if len(urls) == count:
            break
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n',
        encoding="utf-8",
    )
    (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return urls


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # a line per request would cost the benchmark's own CPU

    def do_GET(self) -> None:
        self.server.saw_request()  # type: ignore[attr-defined]
        super().do_GET()


class LocalSite(ThreadingHTTPServer):
    """A folder served on 127.0.0.1, noting when the first request since `reset` arrived."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
        self._lock = threading.Lock()
        self.first_request: float | None = None
        self.requests = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def saw_request(self) -> None:
        with self._lock:
            self.requests += 1
            if self.first_request is None:
                self.first_request = time.monotonic()

    def reset(self) -> None:
        with self._lock:
            self.first_request = None
            self.requests = 0

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
