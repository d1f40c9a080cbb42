"""Canonical URL keys: one string per article, whatever tracking, scheme or AMP variant linked it."""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from urllib.parse import unquote_plus, urljoin, urlsplit

from w3lib.url import canonicalize_url

# Bump whenever url_key gives another key for some URL: stores re-key their rows on opening
# (newscrawl/store/rekey.py). 1 was the hand-written key before w3lib's canonicalize_url.
KEY_VERSION = 2

# Query parameters that identify a campaign, a click or a share, never the article. A name is
# here only when it is some vendor's tracking everywhere: short generic names (`ref`, `share`,
# `feed`, `output`, `partner`, `cmp`, `mbid`, ...) select content on some sites, and two pages
# they tell apart must keep two keys. Matched without regard to case.
TRACKING_PARAMS = frozenset(
    {
        # Google Ads and Analytics: click ids and the cross-domain linker.
        "gclid", "dclid", "gbraid", "wbraid", "srsltid", "_ga", "_gl",
        # Meta (Facebook, Instagram).
        "fbclid", "igshid",
        # Microsoft Advertising; MSN's syndication id.
        "msclkid", "ocid",
        # Yandex, X/Twitter and TikTok click ids; X's embed and card referrers.
        "yclid", "twclid", "ttclid", "ref_src", "__twitter_impression",
        # Mailchimp.
        "mc_cid", "mc_eid",
        # comScore (BBC and others): ns_*.
        "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname", "ns_fee",
        # Adobe Analytics campaign ids (the Guardian's CMP is below, with its case).
        "cmpid", "s_cid", "icid",
        # AT Internet / Piano Analytics, and the BBC's share links built on it.
        "xtor", "at_medium", "at_campaign", "at_campaign_type", "at_link_origin", "at_link_type",
        "at_link_id", "at_ptr_name", "at_bbc_team", "at_format",
        # The New York Times share links.
        "smid", "smtyp",
        # Matomo (formerly Piwik) campaigns.
        "pk_campaign", "pk_kwd", "pk_keyword", "pk_source", "pk_medium", "pk_content", "pk_cid",
        "mtm_campaign", "mtm_kwd", "mtm_keyword", "mtm_source", "mtm_medium", "mtm_content",
        "mtm_cid", "mtm_group", "mtm_placement",
        # HubSpot email and CTA tracking.
        "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking",
        # Alibaba's "super position model" click path.
        "spm",
        # SimpleReach share tracking.
        "sr_share",
    }
)  # fmt: skip
# Names whose case tells tracking from content: the Guardian's Adobe campaign id is `CMP`,
# while a lower-case `cmp` compares products on some shops.
TRACKING_EXACT = frozenset({"CMP"})
TRACKING_PREFIXES = (
    # Google Analytics campaign parameters (utm_source, utm_medium, utm_campaign, ...).
    "utm_",
    # HubSpot ads (hsa_acc, hsa_cam, ...).
    "hsa_",
    # Omeda audience ids (oly_anon_id, oly_enc_id).
    "oly_",
    # Vero email tracking (vero_id, vero_conv).
    "vero_",
)

# Parameters that ask for another rendering of the same article, with the values that do so:
# `?amp`, `?amp=1`, `?print=true`, The Washington Post's `?outputType=amp`. Any other value
# may select something else (`?print=2` a second print edition), so it keeps its own key.
_FLAG = frozenset({"", "1", "true", "yes", "on"})
RENDERING_PARAMS = {"amp": _FLAG, "print": _FLAG, "outputtype": frozenset({"amp"})}

# Path endings and prefixes that serve another rendering of the same article.
_RENDERING_SUFFIX = re.compile(r"/(amp|print|amp\.html|print\.html)/?$", re.IGNORECASE)
_RENDERING_PREFIX = re.compile(r"^/(amp)/", re.IGNORECASE)
_AMP_EXTENSION = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)
_INDEX_PAGE = re.compile(r"/index\.html?$", re.IGNORECASE)
_DEFAULT_PORT = re.compile(r":(80|443)?$")
# A host as RFC 3986 spells it (a registered name, or an IP literal in brackets), and a port.
_HOST = re.compile(r"^(\[[0-9a-z:.%]+\]|[a-z0-9\-._~!$&'()*+,;=%]*)(:[0-9]*)?$")
# A path rule can uncover another ('/a/amp/index.html/'); a URL has at most this many layers.
_MAX_PATH_PASSES = 8


class InvalidUrl(ValueError):
    """A URL that cannot be read well enough to key it: a bad IPv6 literal, port or host."""


def _drops(pair: str) -> bool:
    """Whether one `name=value` pair of a canonical query says nothing about the article."""
    raw_name, _, raw_value = pair.partition("=")
    name = unquote_plus(raw_name)
    lowered = name.lower()
    if name in TRACKING_EXACT or lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
        return True
    values = RENDERING_PARAMS.get(lowered)
    return values is not None and unquote_plus(raw_value).lower() in values


def normalize_host(host: str) -> str:
    """Lower-case host without `www.`, `m.`, `amp.` or `mobile.` prefixes and without a default port."""
    host = _DEFAULT_PORT.sub("", host.lower())
    host = host.rstrip(".")
    for prefix in ("www.", "amp.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def _path(path: str) -> str:
    for _ in range(_MAX_PATH_PASSES):
        before = path
        path = re.sub(r"/{2,}", "/", path)
        path = _RENDERING_PREFIX.sub("/", path)
        path = _RENDERING_SUFFIX.sub("", path)
        path = _AMP_EXTENSION.sub(lambda m: m.group(1) or "", path)
        path = _INDEX_PAGE.sub("", path).rstrip("/")
        if path == before:
            break
    return path


# Extraction asks for one page's key about five times (its URL checked, its canonical weighed,
# its identity keyed) and a crawl for one link's as often as pages link it; the answer depends
# on the text alone.
@lru_cache(maxsize=4096)
def _key_parts(url: str) -> tuple[str, str, str]:
    """Host, path and query of the key; InvalidUrl when the URL cannot be read."""
    try:
        # w3lib does what any two spellings of one URL need: IDN hosts to punycode, raw Unicode
        # and percent-escapes to one upper-case encoding, `.`/`..` resolved, query sorted,
        # fragment dropped. What is ours on top is news-specific: hosts, renderings, tracking.
        parts = urlsplit(canonicalize_url(url.strip()))
        parts.port  # noqa: B018 - reading the port checks it
    except ValueError as error:  # UnicodeError (IDNA) is a ValueError too
        # The reason only: whoever caught it knows the URL and says it in their own words.
        raise InvalidUrl(str(error)) from None
    netloc = parts.netloc.rpartition("@")[2].lower()
    if not _HOST.match(netloc):
        # What IDNA could not encode, or spaces and controls: no server has this name.
        raise InvalidUrl(f"not a host name: {netloc!r}")
    host = normalize_host(netloc)
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _drops(pair))
    return host, _path(parts.path), query


def url_key(url: str) -> str:
    """The dedup key of an article URL: host + path + meaningful query, scheme-free.

    Raises InvalidUrl (a ValueError) for a URL nobody could fetch.

    >>> url_key("https://www.example.com/news/story/?utm_source=x#top")
    'example.com/news/story'
    """
    host, path, query = _key_parts(url)
    return f"{host}{path}?{query}" if query else host + path


def same_site(url: str, other: str) -> bool:
    """Whether two URLs are on one site (hosts equal once normalised); False when either is invalid.

    An archived copy is on the site it was taken of.
    """
    try:
        return _key_parts(original_url(url))[0] == _key_parts(original_url(other))[0]
    except InvalidUrl:
        return False


def identity_url(url: str, canonical: str | None) -> str:
    """The URL an article is known by: its canonical when that is on the site it was found on.

    A canonical on another site (syndication, a wire service) says where the story comes from,
    not where it was published this time; the copy keeps the URL and site it was found at.
    """
    return canonical if canonical and same_site(url, canonical) else url


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
    """The site an URL belongs to: its normalised host. InvalidUrl when it has none readable."""
    try:
        return normalize_host(urlsplit(url).netloc)
    except ValueError as error:  # 'http://[::1': an IPv6 host left open
        raise InvalidUrl(f"no site in URL {url!r}: {error}") from None


def site_names(site: str) -> set[str]:
    """The names a site given by a user may be stored under: normalised as site_of does, in
    Unicode and in punycode (a crawl stores what the server was asked for, which is punycode).
    A URL names its site."""
    try:
        host = site_of(site) if "://" in site else normalize_host(site.strip())
    except ValueError:  # a URL that is none: the text as it is
        host = normalize_host(site.strip())
    names = {host}
    with contextlib.suppress(UnicodeError):
        names.add(host.encode("idna").decode("ascii"))
    with contextlib.suppress(UnicodeError):
        names.add(host.encode("ascii").decode("idna"))
    return names


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
