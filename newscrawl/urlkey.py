"""Canonical URL keys: one string per article, whatever tracking, scheme or AMP variant linked it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

# Query parameters that identify a campaign or a click, never the article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ns_mchannel",
        "ns_campaign",
        "ns_source",
        "ns_linkname",
        "ns_fee",
        "ito",
        "cmpid",
        "cmp",
        "ocid",
        "icid",
        "CMP",
        "xtor",
        "at_medium",
        "at_campaign",
        "smid",
        "smtyp",
        "ref",
        "ref_src",
        "referrer",
        "share",
        "spm",
        "_ga",
        "_gl",
        "__twitter_impression",
        "partner",
        "sr_share",
        "rss",
        "feed",
        "outputtype",
        "amp",
        "print",
        "output",
        "mbid",
        "s_cid",
        "int_source",
        "taid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "at_", "_hs")

# Path endings and prefixes that serve another rendering of the same article.
_RENDERING_SUFFIX = re.compile(r"/(amp|print|amp\.html|print\.html)/?$", re.IGNORECASE)
_RENDERING_PREFIX = re.compile(r"^/(amp)/", re.IGNORECASE)
_AMP_EXTENSION = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_host(host: str) -> str:
    """Lower-case host without `www.`, `m.` or `amp.` prefixes and without a default port."""
    host = host.lower().rstrip(".")
    host = re.sub(r":(80|443)$", "", host)
    for prefix in ("www.", "amp.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def url_key(url: str) -> str:
    """The dedup key of an article URL: host + path + meaningful query, scheme-free.

    >>> url_key("https://www.example.com/news/story/?utm_source=x#top")
    'example.com/news/story'
    """
    parts = urlsplit(url.strip())
    host = normalize_host(parts.netloc.rsplit("@", 1)[-1])
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = _RENDERING_PREFIX.sub("/", path)
    path = _RENDERING_SUFFIX.sub("", path)
    path = _AMP_EXTENSION.sub(lambda m: m.group(1) or "", path)
    path = re.sub(r"/(index\.html?)?$", "", path)
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    )
    key = host + path
    if query:
        key += "?" + urlencode(query)
    return key


def absolute_url(base: str, href: str) -> str | None:
    """`href` as written on the page at `base`, resolved; None when it cannot be read as a URL.

    Links are the page's to get wrong: an IPv6 host left open ('http://[::1'), an address that
    is none ('http://[zz]/'), a port out of range or not a number. urljoin and urlsplit raise
    ValueError on each; a link nobody can follow is no link.
    """
    try:
        joined = urljoin(base, href.strip())
        urlsplit(joined).port  # noqa: B018 - reading the port is the check
    except ValueError:
        return None
    return joined


def site_of(url: str) -> str:
    """The site an URL belongs to: its normalised host."""
    return normalize_host(urlsplit(url).netloc)


# The Wayback Machine serves a copy of `url` taken at `stamp` (and its variants: 'id_', 'im_')
# as web.archive.org/web/<stamp>/<url>; the copy's site, dates and sections are the original's.
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/(?P<url>.+)$", re.IGNORECASE)


def original_url(url: str) -> str:
    """The URL an archived copy was taken of; any other URL as it is."""
    match = _ARCHIVED.match(url)
    if not match:
        return url
    archived = match["url"]
    return archived if re.match(r"^https?://", archived, re.IGNORECASE) else f"http://{archived}"
