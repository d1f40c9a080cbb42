"""Per-site rules: a declarative `SiteRules` and the registry that finds the rules for a URL.

A site file is a module of this package that defines `RULES`; it is found by its file alone
(no list to edit), and is tested against `fixtures/sites/<module>/` (README, "Site files").
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache

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


# Rules for no site: given to a page, they switch the site's own rules off (generic extraction only).
NO_RULES = SiteRules(domains=())


@cache
def site_files() -> dict[str, SiteRules]:
    """Every site file's rules by the file's name."""
    named = {}
    for module in pkgutil.iter_modules(__path__):
        rules = getattr(importlib.import_module(f"{__name__}.{module.name}"), "RULES", None)
        if not isinstance(rules, SiteRules):
            raise TypeError(f"site file {module.name}.py defines no RULES = SiteRules(...)")
        named[module.name] = rules
    return named


@cache
def _registry() -> dict[str, SiteRules]:
    return {domain: rules for rules in site_files().values() for domain in rules.domains}


def rules_named(name: str) -> SiteRules:
    """The rules of the site file `name` (a sources file may name them); KeyError if none."""
    named = site_files()
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
