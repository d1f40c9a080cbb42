"""Per-site rules: a declarative `SiteRules` and the registry that finds the rules for a URL."""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.urlkey import site_of


@dataclass(frozen=True)
class SiteRules:
    """What generic extraction gets wrong on one site, fixed by selectors (XPath).

    A site file only fills what it needs; empty fields leave generic extraction in charge.
    """

    domains: tuple[str, ...]
    caption: str | None = None
    credit: str | None = None
    tags: str | None = None
    section: str | None = None
    drop: tuple[str, ...] = field(default_factory=tuple)


def _named() -> dict[str, SiteRules]:
    """Every site file's rules by the file's name."""
    from newscrawl.sites import hngn

    return {"hngn": hngn.RULES}


def _registry() -> dict[str, SiteRules]:
    return {domain: rules for rules in _named().values() for domain in rules.domains}


def rules_named(name: str) -> SiteRules:
    """The rules of the site file `name` (a sources file may name them); KeyError if none."""
    named = _named()
    if name not in named:
        raise KeyError(f"no site rules named {name!r} (known: {', '.join(sorted(named))})")
    return named[name]


def rules_for(url: str) -> SiteRules | None:
    """The rules of the site `url` belongs to, matching parent domains too."""
    host = site_of(url)
    registry = _registry()
    while host:
        if host in registry:
            return registry[host]
        _, _, host = host.partition(".")
    return None
