"""Whether an address or a Host header names this machine: localhost or a loopback address."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses, bare (`::1`) or as a Host header gives them
    (`[::1]:8080`, `localhost:8080`); False for any other name or address."""
    name: str | None = host
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        return False
    if name is None:
        return False
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
