"""The bodies the hostile site serves: articles in any language, and bytes that are no page at all."""

from __future__ import annotations

import json
import random
import struct
import zlib
from collections.abc import Iterator

SENTENCES = {
    "en": "The harbour council met on Tuesday evening to discuss the repairs to the old pier",
    "ru": "Городской совет собрался во вторник вечером, чтобы обсудить ремонт старого причала",
    "fr": "Le conseil municipal de Besançon s'est réuni mardi soir pour évoquer les travaux",
    "de": "Der Gemeinderat von Übersee hat am Dienstag über die Reparatur der Brücke beraten",
    "ja": "港湾協議会は火曜日の夜に古い桟橋の修理について話し合うために集まりました",
}


def article(headline: str, lang: str = "en", *, meta_charset: str | None = "utf-8", extra: str = "") -> str:
    """A news article page: JSON-LD NewsArticle, og:type article, a headline and eight paragraphs
    of text in `lang` that name the headline (so that no two articles share a body)."""
    sentence = SENTENCES[lang]
    paragraphs = "".join(
        f"<p>{headline}. {sentence} ({n}). {sentence}, {n + 1}. {sentence} — {n + 2}.</p>" for n in range(8)
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": "2024-05-02T08:00:00Z",
        "author": {"@type": "Person", "name": "Ada Reporter"},
    }
    charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{charset}<title>{headline}</title>'
        '<meta property="og:type" content="article">'
        f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        f"</head><body>{extra}<article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    )


def soft_404() -> str:
    """A 'page not found' answered with 200, long enough to pass for an article by length alone:
    its apology and a list of suggested stories with their teasers."""
    teasers = "".join(
        f"<li><a href='/news/2024/05/0{n}/suggested-story-{n}.html'>Suggested story {n}</a>"
        f"<p>The harbour council met on Tuesday to discuss repairs to the old pier, part {n}.</p></li>"
        for n in range(1, 8)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Page not found | Hostile Times</title>"
        "</head><body><main><h1>Sorry, we couldn't find that page</h1>"
        "<p>The page you were looking for does not exist, may have been moved, or is temporarily"
        " unavailable. Please check the address for typing errors, use the search box above, or"
        " return to the home page to find the latest news, sport, weather and opinion from our"
        " newsroom. You may also like these stories that our readers are enjoying today:</p>"
        f"<ul>{teasers}</ul></main></body></html>"
    )


def deeply_nested(depth: int, headline: str) -> str:
    """An article whose text sits below `depth` unclosed <div>s."""
    return article(headline, extra="<div>" * depth + "<p>Deep inside.</p>")


def noise(size: int, seed: int = 17) -> bytes:
    """Random bytes, the same on every run."""
    return random.Random(seed).randbytes(size)


def pdf() -> bytes:
    """A one-page PDF as writers make them: a binary comment line, then a compressed stream."""
    text = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Annual report of the harbour council) Tj ET")
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(text)}/Filter/FlateDecode>>stream\n".encode()
        + text
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def gzip_bomb(size: int, block: int = 1 << 20) -> Iterator[bytes]:
    """One gzip member that inflates to `size` zero bytes, about a thousandth of that on the wire.

    A full flush resets the compressor, so every block of zeros after the first compresses to
    the same bytes: only two blocks are ever compressed, and nothing of `size` is held.
    """
    zeros = bytes(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first
    crc = zlib.crc32(zeros)
    for _ in range(size // block - 1):
        yield repeated
        crc = zlib.crc32(zeros, crc)
    yield compressor.flush() + struct.pack("<II", crc, size & 0xFFFFFFFF)
