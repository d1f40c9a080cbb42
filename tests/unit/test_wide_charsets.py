"""UTF-16 and UTF-32 pages without a byte order mark are read as their HTTP header says."""

from __future__ import annotations

import pytest

from newscrawl.extraction.charset import page_text
from newscrawl.extraction.errors import UnreadablePage

TEXT = "<html><body><p>Übersee: 港湾協議会が桟橋の修理を協議</p></body></html>"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_declared_in_the_header(encoding: str) -> None:
    assert page_text(TEXT.encode(encoding), f"text/html; charset={encoding.upper()}") == TEXT


def test_undeclared_they_are_binary() -> None:
    with pytest.raises(UnreadablePage):
        page_text(TEXT.encode("utf-16-le"), "text/html")
