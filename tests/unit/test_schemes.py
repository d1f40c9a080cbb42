"""Only http(s) URLs with a host may be downloaded: the check, and the middleware that applies it."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from newscrawl.cli.context import load_settings
from newscrawl.crawl.schemes import (
    HttpOnlyMetaRefresh,
    HttpOnlyMiddleware,
    HttpOnlyRedirects,
    Refusals,
    RefusedUrl,
    refusal,
)

HTTPS_BASE = "https://news.example/sitemap.xml"

ALLOWED = [
    "http://news.example/2024/story",
    "HTTPS://NEWS.EXAMPLE/2024/story",
    "  https://news.example/story  ",
    urljoin(HTTPS_BASE, "//cdn.example/story"),  # protocol-relative: the listing's https
    urljoin(HTTPS_BASE, "/2024/story"),
]

# w3lib 2.5 reads these as browsers do (http://evil.example/x; an IPv6 host); older releases
# make URLs without a host of them, which Scrapy could not fetch either.
AS_W3LIB_READS_THEM = ["http:/\\evil.example/x", "http:\\\\evil.example/x", "http://[::1]:8080/story"]

REFUSED = {
    "file:///etc/passwd": "scheme/file",
    "FILE:///etc/passwd": "scheme/file",
    "  file:///etc/passwd": "scheme/file",
    "\tfile:///etc/passwd": "scheme/file",
    "\x00file:///etc/passwd": "scheme/file",
    "fi\nle:///etc/passwd": "scheme/file",  # tabs and newlines inside are dropped, as browsers do
    "File://localhost/etc/passwd": "scheme/file",
    urljoin("file:///srv/listing.xml", "//host/x"): "scheme/file",  # takes the base's scheme
    "data:text/html,<h1>Story</h1>": "scheme/data",
    "DaTa:text/html;base64,PGgxPlN0b3J5PC9oMT4=": "scheme/data",
    "ftp://127.0.0.1:1/x": "scheme/ftp",
    "s3://bucket/x": "scheme/s3",
    "javascript:alert(1)": "scheme/javascript",
    " JavaScript:alert(1)": "scheme/javascript",
    "mailto:desk@news.example": "scheme/mailto",
    "gopher://news.example/": "scheme/other",
    "x-made-up+scheme://news.example/": "scheme/other",
    "http://[oops/x": "malformed",
    "http://news.example:99999/": "malformed",
    "http://news.example:port/": "malformed",
    "http://news.example:0/": "malformed",
    "http://": "malformed",
    "https:///etc/passwd": "malformed",
    "/2024/story": "malformed",
    "//news.example/story": "malformed",
    "": "malformed",
}


@pytest.mark.parametrize("url", ALLOWED)
def test_http_urls_with_a_host_are_allowed(url: str) -> None:
    assert refusal(url) is None


@pytest.mark.parametrize("url", AS_W3LIB_READS_THEM)
def test_backslashes_and_ipv6_hosts_go_out_over_http_or_not_at_all(url: str) -> None:
    assert refusal(url) in (None, "malformed")


@pytest.mark.parametrize(("url", "reason"), REFUSED.items())
def test_other_urls_are_refused_by_reason(url: str, reason: str) -> None:
    assert refusal(url) == reason


@pytest.mark.parametrize("url", [*ALLOWED, *AS_W3LIB_READS_THEM, *REFUSED])
def test_the_check_reads_a_url_as_scrapy_sends_it(url: str) -> None:
    """Whatever Scrapy would request, the check judges by the same scheme and host."""
    try:
        sent = urlsplit(Request(url).url)
    except ValueError:
        return  # Scrapy cannot even build this request: the spider refuses it
    goes_out = sent.scheme in ("http", "https") and bool(sent.hostname)
    if goes_out and refusal(url) == "malformed":
        return  # a port Scrapy would accept and the connection refuse (0)
    assert (refusal(url) is None) == goes_out


def crawler(**settings: Any) -> Any:
    return get_crawler(settings_dict={"TWISTED_REACTOR_ENABLED": False, **settings})


def test_a_refused_request_is_counted_by_scheme() -> None:
    gate = HttpOnlyMiddleware.from_crawler(crawler())
    with pytest.raises(RefusedUrl):
        gate.process_request(Request("file:///etc/passwd"))
    assert gate.process_request(Request("https://news.example/")) is None
    assert gate.crawler.stats is not None
    assert gate.crawler.stats.get_value("newscrawl/refused/scheme/file") == 1


def test_a_url_refused_again_is_counted_but_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    refusals = Refusals(crawler())
    with caplog.at_level(logging.INFO, logger="newscrawl.crawl.schemes"):
        for _ in range(3):
            refusals.count("javascript:alert(1)", "scheme/javascript")
        refusals.count("data:text/html," + "x" * 5000, "scheme/data")
    assert refusals.crawler.stats.get_value("newscrawl/refused/scheme/javascript") == 3
    [javascript, data] = [record.getMessage() for record in caplog.records]
    assert javascript == "Refused javascript:alert(1) (scheme/javascript)"
    assert len(data) < 300  # a data: URL is shortened


def redirect(status: int, location: str, **meta: Any) -> tuple[Request, Response]:
    request = Request("http://news.example/moved", meta=meta)
    return request, Response(request.url, status=status, headers={"Location": location}, request=request)


def meta_refresh(target: str, delay: int = 0, method: str = "GET") -> tuple[Request, Response]:
    request = Request("http://news.example/moved", method=method)
    body = f'<html><head><meta http-equiv="refresh" content="{delay}; url={target}"></head></html>'
    return request, HtmlResponse(request.url, body=body.encode(), request=request)


@pytest.mark.parametrize(
    ("exchange", "reason"),
    [
        (redirect(301, "file:///etc/passwd"), "scheme/file"),
        (redirect(302, "  FILE:///etc/passwd"), "scheme/file"),
        (redirect(307, "data:text/html,<h1>x</h1>"), "scheme/data"),
        # Scrapy's RedirectMiddleware would fail on these with a ValueError, a download error.
        (redirect(308, "javascript:alert(1)"), "scheme/javascript"),
        (redirect(301, "http://[oops/x"), "malformed"),
    ],
)
def test_a_redirect_elsewhere_than_http_is_refused(exchange: tuple[Request, Response], reason: str) -> None:
    check = HttpOnlyRedirects.from_crawler(crawler())
    with pytest.raises(RefusedUrl):
        check.process_response(*exchange)
    assert check.crawler.stats is not None
    assert check.crawler.stats.get_value(f"newscrawl/refused/{reason}") == 1


@pytest.mark.parametrize(
    "exchange",
    [
        redirect(301, "//cdn.news.example/story"),
        redirect(301, "file:///etc/passwd", dont_redirect=True),
        redirect(301, "file:///etc/passwd", handle_httpstatus_list=[301]),
        redirect(301, "file:///etc/passwd", handle_httpstatus_all=True),
        redirect(200, "file:///etc/passwd"),
    ],
)
def test_other_3xx_responses_pass(exchange: tuple[Request, Response]) -> None:
    check = HttpOnlyRedirects.from_crawler(crawler())
    assert check.process_response(*exchange) is exchange[1]


@pytest.mark.parametrize(
    ("exchange", "reason"),
    [
        (meta_refresh("file:///etc/passwd"), "scheme/file"),
        (meta_refresh("data:text/html,<h1>x</h1>"), "scheme/data"),
        (meta_refresh("javascript:alert(1)"), "scheme/javascript"),
    ],
)
def test_a_meta_refresh_elsewhere_than_http_is_refused(
    exchange: tuple[Request, Response], reason: str
) -> None:
    check = HttpOnlyMetaRefresh.from_crawler(crawler())
    with pytest.raises(RefusedUrl):
        check.process_response(*exchange)
    assert check.crawler.stats is not None
    assert check.crawler.stats.get_value(f"newscrawl/refused/{reason}") == 1


@pytest.mark.parametrize(
    "exchange",
    [
        meta_refresh("https://news.example/story"),
        meta_refresh("file:///etc/passwd", delay=600),  # a page of its own: Scrapy stays on it
        meta_refresh("file:///etc/passwd", method="HEAD"),
    ],
)
def test_other_meta_refreshes_pass(exchange: tuple[Request, Response]) -> None:
    check = HttpOnlyMetaRefresh.from_crawler(crawler())
    assert check.process_response(*exchange) is exchange[1]


def test_the_checks_are_off_where_scrapy_follows_no_redirect() -> None:
    with pytest.raises(NotConfigured):
        HttpOnlyRedirects.from_crawler(crawler(REDIRECT_ENABLED=False))
    with pytest.raises(NotConfigured):
        HttpOnlyMetaRefresh.from_crawler(crawler(METAREFRESH_ENABLED=False))


def test_each_check_sits_where_it_must() -> None:
    """Before robots.txt and every other middleware; each redirect check before Scrapy's
    middleware would follow that redirect, and the meta refresh one after decompression (a
    response passes the middlewares from the highest number down)."""
    order = load_settings(None).getwithbase("DOWNLOADER_MIDDLEWARES")
    scrapy = "scrapy.downloadermiddlewares"
    ours = "newscrawl.crawl.schemes"
    others = [order[name] for name in order if not name.startswith(ours) and order[name] is not None]
    assert order[f"{ours}.HttpOnlyMiddleware"] < min(others)
    assert order[f"{ours}.HttpOnlyRedirects"] > order[f"{scrapy}.redirect.RedirectMiddleware"]
    assert (
        order[f"{scrapy}.httpcompression.HttpCompressionMiddleware"]
        > order[f"{ours}.HttpOnlyMetaRefresh"]
        > order[f"{scrapy}.redirect.MetaRefreshMiddleware"]
    )
