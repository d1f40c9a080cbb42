"""A page's JSON-LD: its objects wherever they sit (graphs, lists, CDATA, sloppy JSON), their
types, and the values read from them (texts, names, keywords, images, breadcrumbs)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from newscrawl.extraction.text import storable

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "SatiricalArticle",
        "AskPublicNewsArticle",
        "DiscussionForumPosting",
    }
)


# Not CollectionPage or SearchResultsPage: their dates are a listing's.
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "MedicalWebPage"})


@dataclass
class JsonLdImage:
    url: str
    caption: str | None = None
    credit: str | None = None


def declared_text(text: Any) -> str | None:
    """A declared text value, tidied; None for anything else JSON can hold (numbers, booleans,
    null, lists, objects), which a page may put wherever a text belongs."""
    if not isinstance(text, str):
        return None
    text = storable(text)
    if "<" in text:
        # Not '<[^>]*>': from each '<' of a run with no '>' it reads to the end again.
        text = re.sub(r"<[^<>]*>", " ", text)
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return text or None


def types_of(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind.rsplit("/", 1)[-1]}
    if isinstance(kind, list):
        return {k.rsplit("/", 1)[-1] for k in kind if isinstance(k, str)}
    return set()


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object in a document: top level, arrays, @graph and mainEntity."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            found.append(current)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if isinstance(current.get(key), (list, dict)):
                    stack.append(current[key])
    return found


# XHTML-era templates wrap script text in CDATA markers, often behind a JavaScript comment.
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def load_jsonld(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        raw = _CDATA.sub("", script.text or "").strip()
        if not raw:
            continue
        # Publishers often leave raw newlines or trailing commas in JSON-LD.
        data = _json(raw) or _json(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")))
        if data is not None:
            objects.extend(_walk(data))
    return objects


def _json(raw: str) -> Any:
    """The JSON value of `raw`, None when it is none: json.loads raises RecursionError, not
    ValueError, on arrays nested some thousand deep."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def names_in(value: Any) -> list[str]:
    """Person/Organization names from a JSON-LD author-like value."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            names.extend(n for n in (declared_text(x) for x in name) if n)
        else:
            cleaned = declared_text(name)
            if cleaned and not cleaned.startswith("http"):
                names.append(cleaned)
    return names


def keywords_in(value: Any) -> list[str]:
    if isinstance(value, list):
        return [k for k in (declared_text(v) for v in value) if k]
    cleaned = declared_text(value)
    if not cleaned:
        return []
    return [k.strip() for k in re.split(r"[,;]", cleaned) if k.strip()]


def image_objects(value: Any) -> list[JsonLdImage]:
    items = value if isinstance(value, list) else [value]
    images: list[JsonLdImage] = []
    for item in items:
        if isinstance(item, str):
            images.append(JsonLdImage(url=storable(item)))
        elif isinstance(item, dict) and isinstance(url := item.get("url") or item.get("contentUrl"), str):
            url = storable(url)
            credits = [declared_text(item.get("creditText")), *names_in(item.get("copyrightHolder"))]
            credits += names_in(item.get("author"))
            images.append(
                JsonLdImage(
                    url=url,
                    caption=declared_text(item.get("caption")) or declared_text(item.get("description")),
                    credit=next((c for c in credits if c), None),
                )
            )
    return images


def breadcrumb_names(listing: dict[str, Any]) -> list[str]:
    elements = listing.get("itemListElement")
    crumbs = []
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        item = element.get("item")
        crumbs.append(declared_text(item.get("name") if isinstance(item, dict) else element.get("name")))
    return [c for c in crumbs if c]
