"""Page bytes to text: the charset the page declares where it reads the bytes, else a detected one.

Servers and templates often declare a charset their bytes are not in: a Windows-1251 page served
as `charset=utf-8` decodes to U+FFFD, served as `iso-8859-1` to mojibake ('Ñîâåò'), and one that
declares nothing to U+FFFD again under the UTF-8 default. So a byte order mark is followed, and
bytes that are valid UTF-8 are UTF-8; a declaration (HTTP header, then <meta>) only where it reads
the page's text as text in some language; otherwise charset-normalizer detects the encoding from
that text. A page that still reads as mostly replacement characters is unreadable, and is refused
rather than stored.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, to_unicode

from newscrawl.extraction.errors import UnreadablePage

# Markup, and where each kind ends: scripts and styles hold no text, comments and tags neither.
_OPENING = re.compile(r"<(?:(script|style)(?![\w:-])|(!--))?", re.IGNORECASE)
_CLOSING = {
    "script": re.compile("</script", re.IGNORECASE),
    "style": re.compile("</style", re.IGNORECASE),
    "comment": re.compile("--(?=>)"),
    "tag": re.compile("(?=>)"),
}
_UTF8 = "utf-8"
# Text of which more than this share of letters (U+FFFD counted as one) is U+FFFD is unreadable.
MAX_REPLACEMENT_SHARE = 0.5


def page_text(page: bytes, content_type: str | None) -> str:
    """The page's text; UnreadablePage for binary content and for text that nothing can read."""
    bom_encoding, bom = read_bom(page)
    if bom_encoding and bom:
        return readable(to_unicode(page[len(bom) :], bom_encoding))
    wide = _wide_declared(content_type)
    if wide:
        # UTF-16 and UTF-32 without a BOM hold NUL bytes in every ASCII character: only the
        # header can say so, since a <meta> in them cannot be read as ASCII.
        return readable(to_unicode(page, wide))
    if b"\x00" in page[:2048]:
        raise UnreadablePage("binary content, not HTML")
    return readable(_decoded(page, content_type))


def _wide_declared(content_type: str | None) -> str | None:
    """The HTTP header's charset, if it is UTF-16 or UTF-32."""
    declared = http_content_type_encoding(content_type)
    wide = declared and declared.replace("_", "-").lower().startswith(("utf-16", "utf-32"))
    return declared if wide else None


def _decoded(page: bytes, content_type: str | None) -> str:
    if page.isascii():
        return page.decode("ascii")
    try:
        # Bytes that are valid UTF-8 with non-ASCII text are UTF-8, whatever the page declares:
        # legacy encodings almost never form valid multi-byte UTF-8 by chance, and mislabelled
        # UTF-8 pages are common.
        return page.decode(_UTF8)
    except UnicodeDecodeError:
        pass
    declared = _declared(page, content_type)
    # Latin-1 maps each byte to one character and back: the markup is found in any charset
    # that writes ASCII as ASCII, and the bytes of the text are left as they were.
    words = without_markup(page.decode("latin-1")).encode("latin-1")
    for encoding in declared:
        if _reads(words, encoding):
            try:
                return page.decode(encoding)
            except UnicodeDecodeError:
                # A byte the codec leaves undefined ('\x98' in Windows-1251) in markup or a
                # script: the declaration is right, that byte alone is lost.
                return to_unicode(page, encoding)
    detected = from_bytes(words).best()
    if detected is not None:
        return to_unicode(page, detected.encoding)
    return to_unicode(page, declared[0] if declared else _UTF8)


def _declared(page: bytes, content_type: str | None) -> list[str]:
    """The encodings the HTTP header and the page's <meta> declare, in that order; not UTF-8,
    which the bytes have already failed."""
    found = [http_content_type_encoding(content_type), html_body_declared_encoding(page)]
    return [e for e in dict.fromkeys(found) if e and e.replace("_", "-").lower() not in ("utf-8", "utf8")]


def _reads(words: bytes, encoding: str) -> bool:
    """Whether `encoding` reads these bytes as text rather than noise (charset-normalizer's
    measure of mess: Cyrillic read as Windows-1252 is a run of accented Latin letters)."""
    return from_bytes(words, cp_isolation=[encoding]).best() is not None


def readable(text: str) -> str:
    """`text`, or UnreadablePage when most of what should be its letters are U+FFFD."""
    if "\ufffd" not in text:
        return text
    shown = without_markup(text)
    replaced = shown.count("\ufffd")
    letters = sum(1 for character in shown if character.isalpha()) + replaced
    if replaced > MAX_REPLACEMENT_SHARE * letters:
        raise UnreadablePage(f"{replaced} of {letters} letters are U+FFFD: no charset reads the page")
    return text


def without_markup(html: str) -> str:
    """The text between the tags, without scripts, styles and comments; markup that never ends
    takes the rest. One pass: a regular expression of the whole element would scan to the end of
    the page again for every unclosed '<script' (16,000 of them took 8 s)."""
    parts = []
    position = 0
    while opening := _OPENING.search(html, position):
        parts.append(html[position : opening.start()])
        kind = (opening[1] or "").lower() or ("comment" if opening[2] else "tag")
        closing = _CLOSING[kind].search(html, opening.end())
        # The '>' that ends '</script ...>': none, and the rest of the page is that script.
        end = html.find(">", closing.end()) + 1 if closing else 0
        if end == 0:
            return "".join(parts)
        parts.append(" ")
        position = end
    parts.append(html[position:])
    return "".join(parts)
