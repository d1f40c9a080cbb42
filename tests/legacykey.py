"""The URL key of newscrawl before KEY_VERSION 2, verbatim: tests build the stores it wrote."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname", "ns_fee",
        "ito", "cmpid", "cmp", "ocid", "icid", "CMP", "xtor", "at_medium", "at_campaign", "smid",
        "smtyp", "ref", "ref_src", "referrer", "share", "spm", "_ga", "_gl",
        "__twitter_impression", "partner", "sr_share", "rss", "feed", "outputtype", "amp",
        "print", "output", "mbid", "s_cid", "int_source", "taid",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "at_", "_hs")
_RENDERING_SUFFIX = re.compile(r"/(amp|print|amp\.html|print\.html)/?$", re.IGNORECASE)
_RENDERING_PREFIX = re.compile(r"^/(amp)/", re.IGNORECASE)
_AMP_EXTENSION = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _normalize_host(host: str) -> str:
    host = host.lower().rstrip(".")
    host = re.sub(r":(80|443)$", "", host)
    for prefix in ("www.", "amp.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def legacy_url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = _normalize_host(parts.netloc.rsplit("@", 1)[-1])
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
