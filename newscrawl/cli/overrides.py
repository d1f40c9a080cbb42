"""`-s NAME=VALUE` overrides: each value read as the type of its setting's default, before a crawl."""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from scrapy.settings import BaseSettings

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


class BadOverride(ValueError):
    """An override whose value cannot be what its setting needs; the message names both."""


def typed_value(name: str, value: str, default: Any) -> Any:
    """`value` as the type of `default` (the setting's value before the override).

    Scrapy reads a string setting only when a component asks for it, so `DOWNLOAD_DELAY=abc`
    would surface as a traceback mid-crawl; read here, it is one line before anything starts.
    Settings without a typed default (None, or unknown to Scrapy and newscrawl) stay strings.
    """
    if isinstance(default, bool):
        return _boolean(name, value)
    if isinstance(default, int | float):
        return _number(name, value, default)
    if isinstance(default, dict | BaseSettings):
        return _json(name, value, dict, 'a JSON object, such as {"name": 100}')
    if isinstance(default, list | tuple) and value.lstrip().startswith("["):
        # Scrapy splits any other string on commas itself, as it always has.
        return _json(name, value, list, "a JSON array, or values separated by commas")
    if name == "LOG_LEVEL":
        # Scrapy hands the name to logging, which knows only the upper-case ones.
        if not isinstance(logging.getLevelName(value.strip().upper()), int):
            raise BadOverride(f"-s LOG_LEVEL: {value!r} is not a log level (DEBUG, INFO, WARNING, ERROR)")
        return value.strip().upper()
    return value


def _boolean(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise BadOverride(f"-s {name}: {value!r} is not a boolean (true or false)")


def _number(name: str, value: str, default: int | float) -> int | float:
    text = value.strip()
    try:
        number: int | float = int(text)
    except ValueError:
        # A decimal is fine even where the default is whole: Scrapy reads DOWNLOAD_TIMEOUT,
        # DNS_TIMEOUT and CLOSESPIDER_TIMEOUT as floats, and any other integer reading of a
        # float truncates rather than fails.
        try:
            number = float(text)
        except ValueError:
            raise BadOverride(f"-s {name}: {value!r} is not a number") from None
        if not math.isfinite(number):
            raise BadOverride(f"-s {name}: {value!r} is not a finite number") from None
    # Counts, sizes, delays and timeouts are never negative; priorities may be.
    if number < 0 and default >= 0 and "PRIORITY" not in name:
        raise BadOverride(f"-s {name}: {value!r} is negative")
    return number


def _json(name: str, value: str, kind: type, expected: str) -> Any:
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, kind):
        raise BadOverride(f"-s {name}: {value!r} is not {expected}")
    return parsed
