"""Serves a folder of fixture pages on 127.0.0.1: the demo's news site and the tests' one.

`{{BASE}}` in a served file becomes the server's own address, so feeds and sitemaps carry
absolute URLs whatever port the server got. `_redirects.txt` lists `FROM TO [STATUS]` lines.
"""

from __future__ import annotations

import hashlib
import mimetypes
import sys
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".txt", ".rss", ".atom"}


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, root: Path, delay: float, **kwargs: object) -> None:
        self.root = root
        self.delay = delay
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass  # tests and the demo read the crawl's log, not the server's

    def _base(self) -> str:
        return f"http://{self.headers.get('Host') or '127.0.0.1'}"

    def do_GET(self) -> None:
        self.server.requests_served += 1  # type: ignore[attr-defined]
        if self.delay:
            time.sleep(self.delay)  # a slow site, for tests that act while a crawl runs
        path = urlsplit(self.path).path
        redirect = self._redirects().get(path)
        if redirect:
            target, status = redirect
            self.send_response(status)
            self.send_header("Location", target.replace("{{BASE}}", self._base()))
            self.end_headers()
            return
        file = self._file_for(path)
        if file is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = file.read_bytes()
        if file.suffix in TEXT_SUFFIXES:
            body = body.replace(b"{{BASE}}", self._base().encode())
        # Feeds and sitemaps answer conditional requests, as real servers do.
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        if file.suffix == ".xml" and self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix in (".html", ".htm"):
            kind = "text/html; charset=utf-8"
        elif file.suffix == ".xml":
            kind = "application/xml"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if file.suffix == ".xml":
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)
        self.server.paths_served.append(path)  # type: ignore[attr-defined]

    def _file_for(self, path: str) -> Path | None:
        relative = path.lstrip("/") or "index.html"
        candidate = (self.root / relative).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_relative_to(self.root.resolve()) or not candidate.is_file():
            return None
        if candidate.name.startswith("_"):
            return None
        return candidate

    def _redirects(self) -> dict[str, tuple[str, int]]:
        table = self.root / "_redirects.txt"
        redirects: dict[str, tuple[str, int]] = {}
        if table.is_file():
            for line in table.read_text().splitlines():
                fields = line.split()
                if len(fields) >= 2 and not line.startswith("#"):
                    redirects[fields[0]] = (fields[1], int(fields[2]) if len(fields) > 2 else 301)
        return redirects


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler that hangs up mid-answer (a stopped crawl, say) is no server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class SiteServer:
    """A threaded HTTP server for one folder; use as a context manager."""

    def __init__(self, root: Path, port: int = 0, delay: float = 0.0) -> None:
        handler = partial(_Handler, root=root, delay=delay)
        self._server = _Server(("127.0.0.1", port), handler)
        self._server.requests_served = 0  # type: ignore[attr-defined]
        self._server.paths_served = []  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def requests_served(self) -> int:
        """How many requests the server has answered: tests use it to act mid-crawl."""
        return int(self._server.requests_served)  # type: ignore[attr-defined]

    @property
    def paths_served(self) -> list[str]:
        """The paths whose whole page was sent (200 only), in order: what a crawl received."""
        return list(self._server.paths_served)  # type: ignore[attr-defined]

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
