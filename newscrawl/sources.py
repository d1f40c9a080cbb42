"""The sources file: which outlets to follow, how, and how often (TOML)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.sites import rules_named

# Keys a [[source]] may have, and what each must be.
_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "start_urls": list,
    "feeds": list,
    "sitemaps": list,
    "allowed_domains": list,
    "allow": list,
    "deny": list,
    "interval": str,
    "min_interval": str,
    "max_interval": str,
    "max_age": str,
    "revisit_within": str,
    "max_revisits": int,
    "settings": dict,
    "site_rules": str,
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class SourcesError(Exception):
    """A sources file that cannot be used; the message names the file, line and key."""


def duration(text: str) -> float:
    """'90s', '15m', '2h', '1d', '1w' -> seconds."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30s, 15m, 2h, 1d")
    return float(match.group(1)) * _SECONDS[match.group(2)]


@dataclass(frozen=True)
class Source:
    name: str
    start_urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    allowed_domains: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    interval: float = 3600.0
    min_interval: float = 0.0
    max_interval: float = 0.0
    max_age: float = 0.0
    revisit_within: float = 0.0
    max_revisits: int = 3
    settings: dict[str, Any] = field(default_factory=dict)
    site_rules: str | None = None

    @property
    def urls(self) -> list[str]:
        return [*self.feeds, *self.sitemaps, *self.start_urls]

    def crawl_settings(self) -> dict[str, Any]:
        """The Scrapy settings this source implies, its own `settings` table last."""
        return {
            "NEWSCRAWL_MAX_AGE": self.max_age,
            "NEWSCRAWL_REVISIT_WITHIN": self.revisit_within,
            "NEWSCRAWL_MAX_REVISITS": self.max_revisits,
            "NEWSCRAWL_REVISIT_AFTER": self.interval,
            **self.settings,
        }


def _line_of(text: str, pattern: str, start: int = 0) -> int:
    lines = text.splitlines()
    for number in range(start, len(lines)):
        if re.search(pattern, lines[number]):
            return number + 1
    return start + 1


def _source(entry: dict[str, Any], text: str, path: Path, index: int) -> Source:
    block = _line_of(text, r"^\s*\[\[source\]\]", 0)
    for _ in range(index):
        block = _line_of(text, r"^\s*\[\[source\]\]", block)

    def fail(key: str, problem: str) -> SourcesError:
        line = _line_of(text, rf"^\s*{re.escape(key)}\s*=", block - 1) if key else block
        label = entry.get("name", f"#{index + 1}")
        return SourcesError(f"{path}:{line}: source {label!r}: {key + ': ' if key else ''}{problem}")

    for key, value in entry.items():
        if key not in _KEYS:
            raise fail(key, f"unknown key (known: {', '.join(_KEYS)})")
        if not isinstance(value, _KEYS[key]):
            raise fail(key, f"must be a {_KEYS[key].__name__}")  # type: ignore[union-attr]
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a list of strings")
    if not entry.get("name"):
        raise fail("", "has no name")
    values: dict[str, Any] = dict(entry)
    for key in ("interval", "min_interval", "max_interval", "max_age", "revisit_within"):
        if key in values:
            try:
                values[key] = duration(values[key])
            except ValueError as error:
                raise fail(key, str(error)) from None
    for key in ("allow", "deny"):
        for pattern in values.get(key, []):
            try:
                re.compile(pattern)
            except re.error as error:
                raise fail(key, f"bad pattern {pattern!r}: {error}") from None
    if "site_rules" in values:
        try:
            rules_named(values["site_rules"])
        except KeyError as error:
            raise fail("site_rules", str(error.args[0])) from None
    source = Source(**values)
    if not source.urls:
        raise fail("", "needs at least one of start_urls, feeds, sitemaps")
    for url in source.urls:
        if not re.match(r"^https?://[^/\s]+", url):
            raise fail(
                "feeds" if url in source.feeds else "sitemaps" if url in source.sitemaps else "start_urls",
                f"not an http(s) URL: {url!r}",
            )
    interval = source.interval
    return Source(
        **{
            **values,
            "min_interval": source.min_interval or interval / 4,
            "max_interval": source.max_interval or interval * 4,
        }
    )


def load_sources(path: Path) -> list[Source]:
    """Every [[source]] of the file, checked; SourcesError names the line of the first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourcesError(f"cannot read sources file {path}: {error.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{path}: {error}") from None
    unknown = set(data) - {"source"}
    if unknown:
        key = sorted(unknown)[0]
        line = _line_of(text, r"^\s*\[?" + re.escape(key))
        raise SourcesError(f"{path}:{line}: unknown table or key {key!r} (expected [[source]] entries)")
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: no [[source]] entries")
    sources = [_source(entry, text, path, i) for i, entry in enumerate(entries)]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SourcesError(f"{path}: source name {duplicates[0]!r} is used twice")
    return sources


def find_source(path: Path, name: str) -> Source:
    for source in load_sources(path):
        if source.name == name:
            return source
    raise SourcesError(f"{path}: no source named {name!r}")
