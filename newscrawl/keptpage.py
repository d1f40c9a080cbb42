"""The fetched page an article was extracted from, kept compressed for extracting it again."""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field
from typing import Any

# zlib, from the standard library (Python 3.11 has no zstd): a news page to a fifth of its
# size for 1.5-4.5 ms of CPU. lzma stores a fifth less again for ten times the CPU, about as
# much as extracting the page (benchmarks/page_size.py measures both).
ZLIB = "zlib"
# zlib's default level: level 9 saves under 1 % more for 1.5 times the CPU.
LEVEL = 6


# The key of an article's page in a spill file's record (never in an export).
PAGE_KEY = "kept_page"


class DamagedPage(ValueError):
    """A kept page that cannot be decompressed: an unknown method, or damaged bytes."""


@dataclass(frozen=True)
class KeptPage:
    """A page's bytes as served (compressed), and what decoding and extracting them again needs."""

    data: bytes
    raw_size: int
    content_type: str | None = None
    compression: str = ZLIB
    # The listing's hints the page was extracted with (newscrawl.extraction.hints.Hints' fields).
    hints: dict[str, Any] = field(default_factory=dict)


def keep_page(body: str | bytes, content_type: str | None, hints: dict[str, Any] | None = None) -> KeptPage:
    """`body` compressed; a str (a caller's own decoded page) is kept as UTF-8 and said to be."""
    if isinstance(body, str):
        body = body.encode("utf-8")
        content_type = "text/html; charset=utf-8"
    return KeptPage(zlib.compress(body, LEVEL), len(body), content_type, ZLIB, dict(hints or {}))


def page_bytes(data: bytes, compression: str) -> bytes:
    """The bytes of a kept page as they were served."""
    if compression != ZLIB:
        raise DamagedPage(f"pages compressed with {compression!r} cannot be read by this newscrawl")
    try:
        return zlib.decompress(data)
    except zlib.error as error:
        raise DamagedPage(f"damaged page: {error}") from None


def page_record(page: KeptPage) -> dict[str, Any]:
    """`page` as JSON values, for a spill file (the bytes in base64)."""
    return {
        "data": base64.b64encode(page.data).decode("ascii"),
        "raw_size": page.raw_size,
        "content_type": page.content_type,
        "compression": page.compression,
        "hints": page.hints,
    }


def page_from_record(record: dict[str, Any]) -> KeptPage:
    """The KeptPage of a page_record; ValueError, TypeError or KeyError when it is none."""
    data = base64.b64decode(record["data"], validate=True)
    return KeptPage(
        data,
        int(record["raw_size"]),
        record["content_type"],
        str(record["compression"]),
        dict(record["hints"]),
    )
