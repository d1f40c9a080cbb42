"""Structured data of a page: JSON-LD, OpenGraph, `article:*`, itemprop and plain meta tags."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
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
_PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "MedicalWebPage"})


@dataclass
class JsonLdImage:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class StructuredData:
    """What a page declares about itself, before looking at its text."""

    # Every headline the page declares (JSON-LD, og:title, twitter:title ...), with its source.
    headlines: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    description_source: str | None = None
    section: str | None = None
    section_source: str | None = None
    tags: list[str] = field(default_factory=list)
    tags_source: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_source: str | None = None
    # A link preview's 'Written by' value: trusted less than an author tag or a byline.
    preview_authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None
    modified: str | None = None
    modified_source: str | None = None
    language: str | None = None
    language_source: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    og_type: str | None = None
    og_image: str | None = None
    og_image_alt: str | None = None
    has_article_jsonld: bool = False
    images: list[JsonLdImage] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)
    # The story's text as JSON-LD declares it, untouched: line breaks may mark its paragraphs.
    article_body: str | None = None


def _clean(text: Any) -> str | None:
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


def _types(node: dict[str, Any]) -> set[str]:
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


def _load_jsonld(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
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


def _names(value: Any) -> list[str]:
    """Person/Organization names from a JSON-LD author-like value."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            names.extend(n for n in (_clean(x) for x in name) if n)
        else:
            cleaned = _clean(name)
            if cleaned and not cleaned.startswith("http"):
                names.append(cleaned)
    return names


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        return [k for k in (_clean(v) for v in value) if k]
    cleaned = _clean(value)
    if not cleaned:
        return []
    return [k.strip() for k in re.split(r"[,;]", cleaned) if k.strip()]


def _image_objects(value: Any) -> list[JsonLdImage]:
    items = value if isinstance(value, list) else [value]
    images: list[JsonLdImage] = []
    for item in items:
        if isinstance(item, str):
            images.append(JsonLdImage(url=storable(item)))
        elif isinstance(item, dict) and isinstance(url := item.get("url") or item.get("contentUrl"), str):
            url = storable(url)
            credits = [_clean(item.get("creditText")), *_names(item.get("copyrightHolder"))]
            credits += _names(item.get("author"))
            images.append(
                JsonLdImage(
                    url=url,
                    caption=_clean(item.get("caption")) or _clean(item.get("description")),
                    credit=next((c for c in credits if c), None),
                )
            )
    return images


def _meta(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """Meta tags by lower-cased property/name/itemprop, in page order."""
    metas: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        keys = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if keys and content and content.strip():
            # RDFa lets one tag serve several properties: property="og:title twitter:title".
            for key in keys.lower().split():
                metas.setdefault(key, []).append(content.strip())
    return metas


def _first(metas: dict[str, list[str]], *keys: str) -> tuple[str | None, str | None]:
    for key in keys:
        values = metas.get(key)
        if values:
            return _clean(values[0]), f"meta:{key}"
    return None, None


def _breadcrumbs(listing: dict[str, Any]) -> list[str]:
    elements = listing.get("itemListElement")
    crumbs = []
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        item = element.get("item")
        crumbs.append(_clean(item.get("name") if isinstance(item, dict) else element.get("name")))
    return [c for c in crumbs if c]


# A link preview's label before the writer's name: twitter:label1 'Written by', twitter:data1.
_WRITTEN_BY = re.compile(r"^\s*(?:written by|author|by)\s*:?\s*$", re.IGNORECASE)


def _meta_authors(metas: dict[str, list[str]]) -> tuple[list[str], str | None]:
    for key in ("author", "article:author", "parsely-author", "byl", "dc.creator", "sailthru.author"):
        cleaned = (_clean(v) for v in metas.get(key, []))
        names = [n for n in cleaned if n and not n.startswith("http")]
        if names:
            return names, f"meta:{key}"
    return [], None


def _preview_authors(metas: dict[str, list[str]]) -> list[str]:
    """The writer in the label and value pairs a link preview shows ('Written by', 'Jane Doe'),
    which blog themes print where they print no author tag."""
    for number in ("1", "2"):
        label = (metas.get(f"twitter:label{number}") or [""])[0]
        if _WRITTEN_BY.match(label) and (name := _clean((metas.get(f"twitter:data{number}") or [""])[0])):
            return [name]
    return []


def read_structured_data(tree: lxml_html.HtmlElement) -> StructuredData:
    """Collect what the page declares, JSON-LD first, meta tags as fallback."""
    data = StructuredData()
    objects = _load_jsonld(tree)
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    # The article with a headline and a body wins over teasers listed on the same page.
    articles.sort(key=lambda o: (not o.get("headline"), not o.get("articleBody")))
    if articles:
        data.has_article_jsonld = True
        art = articles[0]
        if headline := _clean(art.get("headline")) or _clean(art.get("name")):
            data.headlines.append((headline, "json-ld"))
        if description := _clean(art.get("description")):
            data.description, data.description_source = description, "json-ld"
        section = art.get("articleSection")
        section = section[0] if isinstance(section, list) and section else section
        if section := _clean(section):
            data.section, data.section_source = section, "json-ld"
        if tags := _keywords(art.get("keywords")):
            data.tags, data.tags_source = tags, "json-ld"
        if authors := _names(art.get("author")) or _names(art.get("creator")):
            data.authors, data.authors_source = authors, "json-ld"
        if published := _clean(art.get("datePublished")) or _clean(art.get("dateCreated")):
            data.published, data.published_source = published, "json-ld"
        if modified := _clean(art.get("dateModified")):
            data.modified, data.modified_source = modified, "json-ld"
        if language := _clean(art.get("inLanguage")):
            data.language, data.language_source = language, "json-ld"
        data.images = _image_objects(art.get("image")) + _image_objects(art.get("associatedMedia"))
        if isinstance(art.get("articleBody"), str):
            data.article_body = storable(art["articleBody"])
    for obj in objects:
        if "BreadcrumbList" in _types(obj):
            data.breadcrumbs = _breadcrumbs(obj)
        if "ImageObject" in _types(obj) and not articles:
            data.images.extend(_image_objects(obj))

    metas = _meta(tree)
    for key in ("og:title", "twitter:title", "headline", "title", "dc.title", "dc:title", "parsely-title"):
        for value in metas.get(key, [])[:1]:
            if cleaned := _clean(value):
                data.headlines.append((cleaned, f"meta:{key}"))
    title = tree.findtext(".//title")
    data.title = _clean(title)
    if not data.description:
        data.description, data.description_source = _first(
            metas, "og:description", "description", "twitter:description"
        )
    if not data.section:
        data.section, data.section_source = _first(metas, "article:section", "section", "articlesection")
    if not data.tags:
        # One article:tag per tag is the rule, but many sites put the whole list in one.
        tags = [tag for value in metas.get("article:tag") or [] for tag in _keywords(value)]
        source = "meta:article:tag"
        if not tags:
            for key in ("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
                if metas.get(key):
                    tags, source = _keywords(metas[key][0]), f"meta:{key}"
                    break
        if tags:
            data.tags = [t for t in (_clean(x) for x in tags) if t]
            data.tags_source = source
    # A page described as a WebPage, not an Article, may still name its writer there; a meta
    # author tag beside it often names only the publisher.
    pages = [o for o in objects if _types(o) & _PAGE_TYPES]
    if not data.authors and pages and (authors := _names(pages[0].get("author"))):
        data.authors, data.authors_source = authors, "json-ld:WebPage"
    if not data.authors:
        data.authors, data.authors_source = _meta_authors(metas)
    data.preview_authors = _preview_authors(metas)
    if not data.published:
        data.published, data.published_source = _first(
            metas,
            "article:published_time",
            "datepublished",
            "og:article:published_time",
            "pubdate",
            "publishdate",
            "dc.date.issued",
            "date",
            "parsely-pub-date",
            "sailthru.date",
        )
    if not data.modified:
        data.modified, data.modified_source = _first(
            metas, "article:modified_time", "datemodified", "og:updated_time", "last-modified"
        )
    # SEO plugins (Yoast) describe a post as a WebPage in the JSON-LD graph when its theme sets
    # no Article: the page's dates are then the post's.
    if pages and not data.published and (published := _clean(pages[0].get("datePublished"))):
        data.published, data.published_source = published, "json-ld:WebPage"
        if not data.modified and (modified := _clean(pages[0].get("dateModified"))):
            data.modified, data.modified_source = modified, "json-ld:WebPage"
    data.site_name, _ = _first(metas, "og:site_name", "application-name")
    data.og_type, _ = _first(metas, "og:type")
    data.og_image, _ = _first(metas, "og:image", "og:image:url", "twitter:image")
    data.og_image_alt, _ = _first(metas, "og:image:alt", "twitter:image:alt")
    if not data.language:
        lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang and lang.strip():
            data.language, data.language_source = lang.strip(), "html-lang"
        else:
            data.language, data.language_source = _first(
                metas, "og:locale", "content-language", "language", "dc.language"
            )
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower().split() == ["canonical"] and link.get("href"):
            data.canonical_url = link.get("href", "").strip()
            break
    if not data.canonical_url:
        data.canonical_url, _ = _first(metas, "og:url")
    return data
