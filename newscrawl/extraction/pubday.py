"""The calendar day a page shows its readers as its publication date, in the publisher's zone.

A timestamp is one instant, but the day printed on an article is local: 23:15Z on the 5th is
the 6th in Rome. In order of trust:
1. the timestamp's own offset, when it states one other than UTC: the publisher's clock;
2. a date in the URL path, when it is within a day of the instant (the CMS wrote it locally,
   maybe when the story was first filed);
3. a timestamp without a zone: local time already;
4. for a timestamp stated in UTC, the publisher's zone: that of the site's country domain,
   else of the page's locale, when that country or language keeps one clock;
5. the UTC date.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newscrawl.extraction.dates import parse_local

# /2024/03/12/, /2024/3/12/, /2024-03-12-, /20240312/: a year 19xx/20xx, a month, a day.
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)(?:/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?!\d)"
    r"|([_-]?)(0[1-9]|1[0-2])\4(0[1-9]|[12]\d|3[01])(?!\d))"
)
# 'Z', GMT and UTC are how software serialises an instant, not the zone a publisher works in;
# an explicit '+00:00' is (WordPress writes the site's own offset), so it is left as it is.
_STATED_UTC = re.compile(r"(?:\dZ|\s(?:GMT|UTC))\s*$", re.IGNORECASE)
_LOCALE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?\b")

# Only countries whose media keep one clock (the US, Canada, Russia and Brazil: their capital's
# media hub; Australia splits between Sydney and Perth, so it is left out), and languages spoken
# in one zone; 'en', 'es', 'pt' and 'ar' alone span too many zones to guess.
_REGION_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo", "AR": "America/Argentina/Buenos_Aires", "CO": "America/Bogota",
    "CL": "America/Santiago", "PE": "America/Lima", "VE": "America/Caracas",
    "BO": "America/La_Paz", "UY": "America/Montevideo", "PY": "America/Asuncion",
    "EC": "America/Guayaquil", "CR": "America/Costa_Rica", "GT": "America/Guatemala",
    "SV": "America/El_Salvador", "HN": "America/Tegucigalpa", "NI": "America/Managua",
    "PA": "America/Panama", "DO": "America/Santo_Domingo", "CU": "America/Havana",
    "GB": "Europe/London", "UK": "Europe/London", "IE": "Europe/Dublin", "PT": "Europe/Lisbon",
    "ES": "Europe/Madrid", "FR": "Europe/Paris", "BE": "Europe/Brussels", "NL": "Europe/Amsterdam",
    "DE": "Europe/Berlin", "AT": "Europe/Vienna", "CH": "Europe/Zurich", "IT": "Europe/Rome",
    "PL": "Europe/Warsaw", "CZ": "Europe/Prague", "HU": "Europe/Budapest", "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo", "DK": "Europe/Copenhagen", "FI": "Europe/Helsinki", "GR": "Europe/Athens",
    "RO": "Europe/Bucharest", "UA": "Europe/Kyiv", "RU": "Europe/Moscow", "TR": "Europe/Istanbul",
    "IL": "Asia/Jerusalem", "EG": "Africa/Cairo", "ZA": "Africa/Johannesburg", "NG": "Africa/Lagos",
    "KE": "Africa/Nairobi", "GH": "Africa/Accra", "MA": "Africa/Casablanca", "DZ": "Africa/Algiers",
    "TN": "Africa/Tunis", "SA": "Asia/Riyadh", "AE": "Asia/Dubai", "QA": "Asia/Qatar",
    "IR": "Asia/Tehran", "IQ": "Asia/Baghdad", "LB": "Asia/Beirut", "JO": "Asia/Amman",
    "BD": "Asia/Dhaka", "LK": "Asia/Colombo", "NP": "Asia/Kathmandu", "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh", "MY": "Asia/Kuala_Lumpur", "IN": "Asia/Kolkata", "PK": "Asia/Karachi",
    "CN": "Asia/Shanghai",
    "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "SG": "Asia/Singapore", "PH": "Asia/Manila", "ID": "Asia/Jakarta",
    "NZ": "Pacific/Auckland",
}  # fmt: skip
_LANGUAGE_ZONES = {
    "de": "Europe/Berlin", "fr": "Europe/Paris", "it": "Europe/Rome", "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw", "cs": "Europe/Prague", "hu": "Europe/Budapest", "sv": "Europe/Stockholm",
    "da": "Europe/Copenhagen", "fi": "Europe/Helsinki", "nb": "Europe/Oslo", "no": "Europe/Oslo",
    "el": "Europe/Athens", "ro": "Europe/Bucharest", "uk": "Europe/Kyiv", "ru": "Europe/Moscow",
    "tr": "Europe/Istanbul", "he": "Asia/Jerusalem", "ja": "Asia/Tokyo", "ko": "Asia/Seoul",
}  # fmt: skip
# Facebook's og:locale codes pair a language with a region that is not its country.
_PSEUDO_LOCALES = {("ar", "AR")}
# Country domains sold to anyone: they say nothing of where the publisher is.
_GENERIC_CCTLDS = {"co", "io", "tv", "me", "ai", "fm", "ly", "cc", "ws", "to", "gg"}


def url_date(url: str) -> date | None:
    """The date a CMS wrote into the URL path, if any."""
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2] or match[5]), int(match[3] or match[6]))
    except ValueError:
        return None


def publication_day(raw: str | None, url: str, locale: str | None) -> date | None:
    """The day the publisher printed for the timestamp `raw` (see the module's order)."""
    stamp, from_url = parse_local(raw), url_date(url)
    if stamp is None:
        return from_url
    if stamp.utcoffset():
        return stamp.date()
    if from_url and abs((from_url - stamp.date()).days) <= 1:
        return from_url
    # Midnight exactly is a bare date dressed as an instant: shifting it would change the day.
    if stamp.tzinfo is None or stamp.time() == time() or not _STATED_UTC.search(raw or ""):
        return stamp.date()
    zone = _zone(urlsplit(url).hostname or "", locale)
    return stamp.astimezone(zone).date() if zone else stamp.date()


@lru_cache(maxsize=256)
def _zone(host: str, locale: str | None) -> ZoneInfo | None:
    country = host.rsplit(".", 1)[-1].upper()
    if country.lower() in _GENERIC_CCTLDS:
        country = ""
    match = _LOCALE.match((locale or "").strip())
    language, region = (match[1].lower(), (match[2] or "").upper()) if match else ("", "")
    if (language, region) in _PSEUDO_LOCALES:
        region = ""
    name = _REGION_ZONES.get(country) or _REGION_ZONES.get(region) or _LANGUAGE_ZONES.get(language)
    return ZoneInfo(name) if name else None
