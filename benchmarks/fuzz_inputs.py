"""Hostile inputs for the fuzzer: real pages mutated, and HTML, feeds, URLs and queries generated.

Everything is drawn from one `random.Random`, so an input is reproduced from its seed, and a
hypothesis `st.randoms()` drives the same generators (and shrinks their choices).
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Values that have broken date, URL and number parsers: impossible, huge, empty, typed wrongly.
ODD_DATES = (
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "0000-00-00",
    "2024-02-30",
    "2024-13-45T25:61:61",
    "-2024-01-01",
    "10000-01-01",
    "1e400",
    "Mon, 32 Foo 2024 99:99:99 +9999",
    "Sun, 01 Jan 0001 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 -1200",
    "99999999999999999999",
    "2024-03-12T10:00:00+99:99",
    "yesterday",
    "",
    " ",
    "2024-03-12T10:00:00.1234567890123Z",
    "١٢/٠٣/٢٠٢٤",
    "2024年3月12日",
)
ODD_URLS = (
    "http://[::1",
    "http://[zz]/a",
    "http://[::1]:99999/a",
    "http://example.com:port/a",
    "https://exa mple.com/a b",
    "//example.com/protocol-relative",
    "javascript:alert(1)",
    "data:text/html,<p>x</p>",
    "mailto:someone@example.com",
    "http://xn--n3h.example/%E2%98%83",
    "http://☃.example/☃?q=☃#☃",
    "http://EXAMPLE.com/%7euser/%7Euser/./a/../b",
    "http://user:pass@example.com:80/a?utm_source=x&id=1",
    "https://web.archive.org/web/20240101000000/http://[::1",
    "https://web.archive.org/web/2024id_/example.com/a",
    "http://",
    "https:",
    "",
    "\x00http://example.com/\x00",
    "http://example.com/" + "a/" * 3000,
    "http://example.com/?" + "&".join(f"p{i}=v" for i in range(500)),
    "http://%zz.example/%",
    "http://example.com/%ff%fe%00",
    "http://1.2.3.4.5/",
    "http://0x7f.1/",
    "http://example.com\\@evil.example/",
    "ht\ttp://exa\nmple.com/",
    "http://example.com/amp/amp/amp/",
    "http://example.com/a.amp.amp.html",
)
CHARSETS = (
    "utf-8",
    "UTF-16",
    "utf-16le",
    "utf-32",
    "shift_jis",
    "euc-kr",
    "gb18030",
    "iso-8859-1",
    "windows-1252",
    "koi8-r",
    "utf-7",
    "x-user-defined",
    "bogus-charset",
    "",
    "utf-8; foo=bar",
    '"utf-8"',
    "u" * 300,
)
CONTENT_TYPES = (
    None,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=bogus",
    "text/html; charset=utf-16",
    "application/octet-stream",
    "application/pdf",
    "text/plain; charset=",
    "text/html; charset=" + "x" * 500,
    "application/rss+xml",
    "application/feed+json",
    ";;;",
)
TAGS = (
    "div",
    "p",
    "span",
    "a",
    "article",
    "main",
    "section",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "table",
    "tr",
    "td",
    "ul",
    "ol",
    "li",
    "blockquote",
    "time",
    "address",
    "br",
    "hr",
    "iframe",
    "noscript",
    "svg",
    "math",
    "template",
    "form",
    "input",
    "textarea",
    "select",
    "option",
    "pre",
    "code",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "small",
    "sup",
    "sub",
    "video",
    "audio",
    "object",
    "embed",
    "frameset",
    "frame",
    "body",
    "html",
    "head",
    "title",
    "base",
    "link",
    "meta",
    "script",
    "style",
)
ATTRIBUTES = (
    "class",
    "id",
    "itemprop",
    "itemscope",
    "itemtype",
    "property",
    "name",
    "content",
    "rel",
    "href",
    "src",
    "srcset",
    "datetime",
    "lang",
    "dir",
    "style",
    "data-src",
    "alt",
    "title",
    "role",
    "aria-hidden",
    "hidden",
    "charset",
    "http-equiv",
    "type",
    "width",
    "height",
)
CLASS_WORDS = (
    "article",
    "content",
    "body",
    "story",
    "post",
    "entry",
    "byline",
    "author",
    "date",
    "caption",
    "credit",
    "related",
    "comments",
    "share",
    "ad",
    "promo",
    "newsletter",
    "tags",
    "headline",
    "teaser",
    "paywall",
    "live",
    "dateline",
    "breadcrumb",
    "footer",
    "sidebar",
    "main",
)
META_NAMES = (
    "og:title",
    "og:url",
    "og:type",
    "og:image",
    "og:description",
    "og:site_name",
    "article:published_time",
    "article:modified_time",
    "article:author",
    "article:tag",
    "article:section",
    "author",
    "date",
    "pubdate",
    "dc.date",
    "dc.creator",
    "keywords",
    "news_keywords",
    "description",
    "twitter:title",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "publish-date",
    "lang",
    "content-language",
)
WORDS = (
    "the",
    "council",
    "flood",
    "defences",
    "approved",
    "minister",
    "said",
    "on",
    "Tuesday",
    "Überschwemmung",
    "déjà",
    "洪水",
    "наводнение",
    "فيضان",
    "🌊",
    "",
    "\u200b",
    "\u202e",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&bogus;",
    "<",
    ">",
    '"',
    "'",
    "By",
    "Von",
    "Updated",
    "Published",
    "Advertisement",
    "Read more",
    "Share this",
)
JSON_LD_TYPES = (
    "NewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "WebPage",
    "VideoObject",
    "ReportageNewsArticle",
    ["NewsArticle", "WebPage"],
    None,
    42,
    {"@id": "x"},
    "",
)


def pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def text_noise(rng: random.Random, size: int) -> str:
    """Arbitrary code points, surrogates and controls included."""
    return "".join(chr(rng.randrange(0x110000)) for _ in range(size))


def words(rng: random.Random, count: int) -> str:
    return " ".join(str(pick(rng, WORDS)) if rng.random() < 0.3 else _word(rng) for _ in range(count))


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 10)))


def odd_value(rng: random.Random, depth: int = 0) -> object:
    """A JSON value where a string is expected: odd dates and URLs, numbers, nesting, nulls."""
    roll = rng.random()
    if roll < 0.25:
        return pick(rng, ODD_DATES)
    if roll < 0.4:
        return pick(rng, ODD_URLS)
    if roll < 0.5:
        return rng.choice([None, True, 0, -1, 1e308, 2**70, float("nan")])
    if roll < 0.6 and depth < 6:
        return [odd_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.7 and depth < 6:
        return {str(pick(rng, ("@type", "name", "url", "@id", "text"))): odd_value(rng, depth + 1)}
    if roll < 0.75:
        return text_noise(rng, rng.randint(0, 40))
    return words(rng, rng.randint(0, 30))


def json_ld(rng: random.Random) -> str:
    """A JSON-LD block with odd values in the fields extraction reads, sometimes not JSON at all."""
    fields = (
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "articleBody",
        "keywords",
        "articleSection",
        "image",
        "url",
        "mainEntityOfPage",
        "publisher",
        "inLanguage",
        "isAccessibleForFree",
        "hasPart",
        "description",
        "name",
        "dateline",
        "about",
    )
    data: dict[str, object] = {"@context": "https://schema.org", "@type": pick(rng, JSON_LD_TYPES)}
    for name in rng.sample(fields, rng.randint(1, len(fields))):
        data[name] = odd_value(rng)
    if rng.random() < 0.2:
        data = {"@graph": [data, {"@type": "WebPage", "breadcrumb": odd_value(rng)}]}
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    if rng.random() < 0.15:
        text = text[: rng.randrange(len(text) + 1)]
    if rng.random() < 0.1:
        text = text.replace('"', "'")
    if rng.random() < 0.1:
        text = "[" * rng.randint(100, 5000) + text
    return f'<script type="application/ld+json">{text}</script>'


def attribute(rng: random.Random) -> str:
    name = str(pick(rng, ATTRIBUTES))
    roll = rng.random()
    if roll < 0.3:
        value = " ".join(str(pick(rng, CLASS_WORDS)) for _ in range(rng.randint(1, 3)))
    elif roll < 0.5:
        value = str(pick(rng, ODD_URLS))
    elif roll < 0.6:
        value = str(pick(rng, ODD_DATES))
    elif roll < 0.63:
        value = "x" * rng.randint(10_000, 300_000)
    else:
        value = words(rng, rng.randint(0, 5))
    quote = rng.choice(['"', "'", ""])
    return f" {name}={quote}{value.replace(quote, '') if quote else value.replace(' ', '')}{quote}"


def meta_tag(rng: random.Random) -> str:
    key = rng.choice(["name", "property", "itemprop", "http-equiv"])
    return f'<meta {key}="{pick(rng, META_NAMES)}" content="{odd_value(rng)}">'


def element(rng: random.Random, depth: int, budget: list[int]) -> str:
    """A random element with children; `budget` caps the elements of one page."""
    budget[0] -= 1
    tag = str(pick(rng, TAGS))
    attributes = "".join(attribute(rng) for _ in range(rng.randint(0, 3)))
    if tag in ("script", "style"):
        body = rng.choice(["var x = '<p>a</p>';", "</scr" + "ipt", text_noise(rng, 20), ""])
        return f"<{tag}{attributes}>{body}</{tag}>" if rng.random() < 0.9 else f"<{tag}{attributes}>{body}"
    children: list[str] = []
    while budget[0] > 0 and depth < 40 and rng.random() < 0.6:
        roll = rng.random()
        if roll < 0.5:
            children.append(words(rng, rng.randint(1, 40)))
        elif roll < 0.55:
            children.append(json_ld(rng))
        elif roll < 0.6:
            children.append(meta_tag(rng))
        else:
            children.append(element(rng, depth + 1, budget))
    closing = f"</{tag}>" if rng.random() < 0.9 else ""
    return f"<{tag}{attributes}>{''.join(children)}{closing}"


def generated_page(rng: random.Random) -> bytes:
    """A whole page built from random elements, metas and JSON-LD, in a random charset."""
    head = "".join(meta_tag(rng) for _ in range(rng.randint(0, 8)))
    head += "".join(json_ld(rng) for _ in range(rng.randint(0, 3)))
    charset = str(pick(rng, CHARSETS))
    if rng.random() < 0.7:
        head = f'<meta charset="{charset}">' + head
    title = f"<title>{words(rng, rng.randint(0, 12))}</title>"
    body = "".join(element(rng, 0, [rng.randint(5, 300)]) for _ in range(rng.randint(1, 8)))
    paragraphs = "".join(f"<p>{words(rng, rng.randint(5, 60))}</p>" for _ in range(rng.randint(0, 12)))
    page = f"<!DOCTYPE html><html><head>{title}{head}</head><body><article><h1>{words(rng, 6)}</h1>"
    page += f"{paragraphs}{body}</article></body></html>"
    return encode(rng, page, charset)


def encode(rng: random.Random, text: str, charset: str) -> bytes:
    """The text in `charset` when Python knows it, else in another one: declarations may lie."""
    target = charset if rng.random() < 0.7 else str(pick(rng, CHARSETS))
    try:
        return text.encode(target, errors=rng.choice(["replace", "ignore", "surrogatepass"]))
    except (LookupError, UnicodeError):
        return text.encode("utf-8", errors="surrogatepass")


# --- byte mutations of a real page -------------------------------------------------------------


def flip_bytes(rng: random.Random, page: bytes) -> bytes:
    data = bytearray(page)
    for _ in range(rng.randint(1, 64)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def truncate(rng: random.Random, page: bytes) -> bytes:
    return page[: rng.randrange(len(page) + 1)]


def duplicate_span(rng: random.Random, page: bytes) -> bytes:
    start = rng.randrange(len(page) + 1)
    span = page[start : start + rng.randint(1, 5000)]
    at = rng.randrange(len(page) + 1)
    # Thousands of copies of a short span (one tag) make the pages that slow extraction down.
    copies = rng.choice([1, 2, 10, 100, 1000]) if len(span) < 500 else rng.choice([1, 2, 10, 100])
    return page[:at] + span * copies + page[at:]


def delete_span(rng: random.Random, page: bytes) -> bytes:
    start = rng.randrange(len(page) + 1)
    return page[:start] + page[start + rng.randint(1, 20_000) :]


INJECTIONS = (
    b"</body></html>",
    b"<html><body>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<script>",
    b"</script>",
    b"<style>",
    b"<script" * 2000,
    b"<style>" * 2000,
    b"<script type=application/ld+json>",
    b"<svg><foreignObject><p>",
    b"<table><tr><td>",
    b"<frameset>",
    b"<noscript>",
    b"<template>",
    b"<plaintext>",
    b"<xmp>",
    b"<textarea>",
    b"<base href='http://[::1'>",
    b"<link rel=canonical href='http://[::1]:99999/'>",
    b"<meta property='og:url' content='http://[zz]/'>",
    b"<meta property='article:published_time' content='9999-12-31T23:59:59+14:00'>",
    b"<meta name='date' content='0001-01-01'>",
    b"<time datetime='0000-00-00T99:99'>Jan 0, 0001</time>",
    b"<?xml version='1.0' encoding='utf-16'?>",
    b"\x00\x00\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x1b[31m",
    b"&#0;&#xD800;&#99999999999;",
    b'"\\u003cp>' * 500,
    b'<script>var s="\\u003cp' + b'\\"' * 5000 + b"</script>",
)


def inject_tag(rng: random.Random, page: bytes) -> bytes:
    at = rng.randrange(len(page) + 1)
    snippet = pick(rng, INJECTIONS) if rng.random() < 0.5 else generated_fragment(rng)
    return page[:at] + snippet + page[at:]


def generated_fragment(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.4:
        return json_ld(rng).encode("utf-8", "surrogatepass")
    if roll < 0.7:
        return meta_tag(rng).encode("utf-8", "surrogatepass")
    return element(rng, 0, [rng.randint(1, 40)]).encode("utf-8", "surrogatepass")


def inject_attribute(rng: random.Random, page: bytes) -> bytes:
    """An attribute, sometimes of hundreds of kilobytes, added inside a random tag."""
    positions = [i for i in range(0, len(page), max(1, len(page) // 200)) if page[i : i + 1] == b"<"]
    at = page.find(b" ", rng.choice(positions)) if positions else -1
    if at < 0:
        at = rng.randrange(len(page) + 1)
    return page[:at] + attribute(rng).encode("utf-8", "surrogatepass") + page[at:]


def huge_attribute(rng: random.Random, page: bytes) -> bytes:
    at = page.find(b"<body")
    at = at + 5 if at >= 0 else 0
    value = bytes([rng.choice(b"ax\"'<> ")]) * rng.choice([100_000, 300_000, 1_000_000])
    return page[:at] + b' data-x="' + value + b'"' + page[at:]


def swap_charset(rng: random.Random, page: bytes) -> bytes:
    """Every charset declaration replaced by another; sometimes the bytes re-encoded as well."""
    charset = str(pick(rng, CHARSETS)).encode("ascii")
    lowered = page.lower()
    out = bytearray()
    start = 0
    while (found := lowered.find(b"charset=", start)) >= 0:
        out += page[start : found + 8] + charset
        end = found + 8
        while end < len(page) and page[end : end + 1] not in b"\"'> ;/":
            end += 1
        start = end
    out += page[start:]
    if rng.random() < 0.3:
        return encode(rng, bytes(out).decode("utf-8", "replace"), charset.decode())
    if rng.random() < 0.3:
        return b'<meta charset="' + charset + b'">' + bytes(out)
    return bytes(out)


def deep_nesting(rng: random.Random, page: bytes) -> bytes:
    depth = rng.choice([300, 3000, 30_000, 100_000])
    tag = rng.choice([b"div", b"span", b"b", b"table", b"ul", b"p", b"a"])
    at = rng.randrange(len(page) + 1)
    closing = b"</" + tag + b">" if rng.random() < 0.5 else b""
    return page[:at] + (b"<" + tag + b">") * depth + b"x" + closing * depth + page[at:]


def transcode(rng: random.Random, page: bytes) -> bytes:
    """The page in UTF-16 or UTF-32 (with or without a BOM), or gzipped as servers forget to say."""
    text = page.decode("utf-8", "replace")
    roll = rng.random()
    if roll < 0.4:
        return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]), "replace")
    if roll < 0.7:
        return gzip.compress(page, compresslevel=1)
    return page.decode("latin-1").encode("utf-8")  # doubly encoded


MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    flip_bytes,
    truncate,
    duplicate_span,
    delete_span,
    inject_tag,
    inject_tag,
    inject_attribute,
    huge_attribute,
    swap_charset,
    deep_nesting,
    transcode,
)


def mutate(rng: random.Random, page: bytes, rounds: int | None = None) -> bytes:
    """`page` after one to four random mutations."""
    for _ in range(rounds or rng.randint(1, 4)):
        page = rng.choice(MUTATIONS)(rng, page)
    return page


# --- URLs --------------------------------------------------------------------------------------

_HOSTS = (
    "example.com",
    "www.example.com",
    "m.example.com",
    "amp.example.co.uk",
    "EXAMPLE.COM.",
    "bücher.example",
    "xn--bcher-kva.example",
    "[::1]",
    "[2001:db8::1]:8080",
    "127.0.0.1:443",
    "example.com:80",
    "user@example.com",
    "a.b.c.d.e.f.example",
    "localhost",
    "",
    "[",
    "]",
)
_SEGMENTS = (
    "news",
    "2024",
    "03",
    "12",
    "story-of-the-day",
    "amp",
    "print",
    "index.html",
    ".",
    "..",
    "%7E",
    "%7e",
    "%2F",
    "%2f",
    "%",
    "%zz",
    "☃",
    "%E2%98%83",
    "a b",
    "a+b",
    ";jsessionid=1",
    "",
    "article.amp.html",
    "AMP",
    "web",
    "20240101000000id_",
    "http:",
    "https:",
)
_PARAMS = (
    "utm_source",
    "utm_medium",
    "fbclid",
    "gclid",
    "id",
    "page",
    "p",
    "output",
    "feed",
    "partner",
    "share",
    "at_medium",
    "_hsenc",
    "amp",
    "print",
    "q",
    "ref",
    "",
    "=",
    "&",
    "%26",
)


def generated_url(rng: random.Random) -> str:
    """A link built from hostile parts, or one of the known odd URLs, sometimes with noise."""
    if rng.random() < 0.15:
        url = str(pick(rng, ODD_URLS))
    else:
        scheme = rng.choice(["http://", "https://", "HTTPS://", "//", "", "ftp://", "feed:", "http:/"])
        host = str(pick(rng, _HOSTS)) if rng.random() < 0.9 else text_noise(rng, rng.randint(0, 8))
        path = "/".join(str(pick(rng, _SEGMENTS)) for _ in range(rng.randint(0, 8)))
        url = f"{scheme}{host}/{path}"
        if rng.random() < 0.6:
            pairs = [f"{pick(rng, _PARAMS)}={pick(rng, _PARAMS)}" for _ in range(rng.randint(0, 6))]
            url += "?" + "&".join(pairs)
        if rng.random() < 0.2:
            url += "#" + str(pick(rng, _SEGMENTS))
    roll = rng.random()
    if roll < 0.1:
        at = rng.randrange(len(url) + 1)
        url = url[:at] + text_noise(rng, rng.randint(1, 5)) + url[at:]
    elif roll < 0.15:
        url = text_noise(rng, rng.randint(0, 60))
    elif roll < 0.2:
        url = "https://web.archive.org/web/20240101000000/" + url
    return url


# --- feeds and sitemaps ------------------------------------------------------------------------


def _xml_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return str(pick(rng, ODD_DATES))
    if roll < 0.5:
        return generated_url(rng)
    if roll < 0.6:
        return f"<![CDATA[{words(rng, 5)}]]>"
    if roll < 0.65:
        return "&laugh;&bogus;&#0;&#xFFFF;"
    return words(rng, rng.randint(0, 8)).replace("<", "&lt;")


def generated_listing(rng: random.Random) -> bytes:
    """An RSS, RDF, Atom, JSON Feed, sitemap, sitemap index or news sitemap with odd entries."""
    kind = rng.choice(["rss", "atom", "rdf", "json", "urlset", "sitemapindex", "news"])
    count = rng.choice([0, 1, 3, 20, 200])
    if kind == "json":
        items = [
            {
                "id": odd_value(rng),
                "url": generated_url(rng),
                "title": odd_value(rng),
                "date_published": pick(rng, ODD_DATES),
                "tags": odd_value(rng),
            }
            for _ in range(count)
        ]
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": items}
        return json.dumps(feed, allow_nan=True).encode("utf-8", "surrogatepass")
    entries = []
    for _ in range(count):
        link, date, title = generated_url(rng), _xml_text(rng), _xml_text(rng)
        if kind == "rss":
            entries.append(
                f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
                f"<category>{_xml_text(rng)}</category><guid>{link}</guid></item>"
            )
        elif kind == "rdf":
            entries.append(
                f'<item rdf:about="{link}"><title>{title}</title><link>{link}</link>'
                f"<dc:date>{date}</dc:date><dc:subject>{_xml_text(rng)}</dc:subject></item>"
            )
        elif kind == "atom":
            entries.append(
                f'<entry xml:base="{generated_url(rng)}"><title>{title}</title>'
                f'<link rel="alternate" href="{link}"/><updated>{date}</updated>'
                f"<published>{_xml_text(rng)}</published>"
                f"<feedburner:origLink>{generated_url(rng)}</feedburner:origLink></entry>"
            )
        elif kind == "sitemapindex":
            entries.append(f"<sitemap><loc>{link}</loc><lastmod>{date}</lastmod></sitemap>")
        else:
            news = (
                (
                    f"<news:news><news:publication_date>{date}</news:publication_date>"
                    f"<news:title>{title}</news:title><news:keywords>{_xml_text(rng)}</news:keywords>"
                    "</news:news>"
                )
                if kind == "news"
                else ""
            )
            entries.append(f"<url><loc>{link}</loc><lastmod>{_xml_text(rng)}</lastmod>{news}</url>")
    body = "".join(entries)
    wrappers = {
        "rss": ('<rss version="2.0"><channel><title>x</title>', "</channel></rss>"),
        "rdf": (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/'
            '1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
            "</rdf:RDF>",
        ),
        "atom": (
            '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/'
            'feedburner/ext/1.0" xml:base="http://example.com/">',
            "</feed>",
        ),
        "urlset": ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "</urlset>"),
        "news": (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
            "</urlset>",
        ),
        "sitemapindex": (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            "</sitemapindex>",
        ),
    }
    opening, closing = wrappers[kind]
    prolog = rng.choice(
        [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<?xml version="1.0" encoding="bogus"?>',
            "",
            "\ufeff",
            "<!-- generated -->" * rng.randint(1, 3),
            DOCTYPE_ENTITIES,
        ]
    )
    return (prolog + opening + body + closing).encode("utf-8", "surrogatepass")


# Entity expansion (a small billion laughs) and an external entity: parsers must not follow them.
DOCTYPE_ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY laugh "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
    '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
)


def mutate_listing(rng: random.Random, listing: bytes) -> bytes:
    """A listing after mutations that matter to XML: cut, gzipped (and cut), nested, entity-laden."""
    roll = rng.random()
    if roll < 0.15:
        return gzip.compress(listing)[: rng.randrange(20, max(21, len(listing)))] if listing else b"\x1f\x8b"
    if roll < 0.25:
        return gzip.compress(listing)
    if roll < 0.26:
        return b"<!---->" * rng.randint(1, 30) + rng.choice([b"<rss>", b"!", b"<urlset>", b""])
    if roll < 0.3:
        return b"<urlset>" + b"<url>" * rng.choice([1000, 100_000]) + b"</urlset>"
    return mutate(rng, listing, rng.randint(1, 3))


# --- search queries ----------------------------------------------------------------------------

_QUERY_PARTS = (
    '"',
    "'",
    "(",
    ")",
    "*",
    "^",
    ":",
    "-",
    "+",
    "&",
    "|",
    "!",
    "<->",
    "<2>",
    ":*",
    "NEAR(",
    "AND",
    "OR",
    "NOT",
    "or",
    "body:",
    "headline:",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "%",
    "_",
    ";",
    "--",
    "/*",
    "\x00",
    "\udcff",
    "\u0301",
    "\u200b",
    "🌊",
    "洪水",
    "flood",
    "trains",
    "defences",
    "ünïcode",
    "the",
    "²",
    "\ufffe",
    "\t",
    "\n",
    " ",
    "  ",
)


def generated_query(rng: random.Random) -> str:
    """A query of search syntax, words and unreadable characters, near and past the caps."""
    roll = rng.random()
    if roll < 0.2:
        return text_noise(rng, rng.randint(0, 600))
    if roll < 0.25:
        return " ".join(["flood"] * rng.randint(25, 40))
    size = rng.choice([1, 3, 10, 40, 200])
    return "".join(str(pick(rng, _QUERY_PARTS)) + rng.choice(["", " "]) for _ in range(size))
