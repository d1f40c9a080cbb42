"""The page's own URL: the page an archived copy was taken of, whether it can be keyed, and
the canonical URL it declares, unless that is one no article can have."""

from __future__ import annotations

from urllib.parse import urlsplit

from newscrawl.extraction.errors import InvalidPageUrl
from newscrawl.urlkey import InvalidUrl, absolute_url, original_url, site_of, url_key


def page_origin(url: str) -> str:
    """The URL of the page an archived copy was taken of, whose site, sections and dates it has;
    the copy's own URL where there is none, or none that can be read ('.../web/2024/http://[::1')."""
    archived = original_url(url)
    return archived if absolute_url(archived, "") is not None else url


def check_page_url(url: str) -> None:
    """InvalidPageUrl, before any work, for a URL no article can be keyed or placed under."""
    try:
        url_key(url)
        site_of(page_origin(url))
    except ValueError as error:
        raise InvalidPageUrl(f"{url!r}: {error}") from None


def declared_canonical(url: str, declared: str | None) -> str | None:
    """The declared canonical URL, unless it is one no article can have.

    Some templates point every page's canonical at the home page or a section; trusting that
    would fold a whole site into one article. One that cannot be keyed (a bad IPv6 literal or
    port) is the page's mistake: the article keeps its own URL.
    """
    canonical = absolute_url(url, declared) if declared else None
    if canonical is None:
        return None
    parts = urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    try:
        url_key(canonical)
    except InvalidUrl:
        return None
    if parts.path.strip("/") == "" and urlsplit(url).path.strip("/") != "":
        return None
    return canonical
