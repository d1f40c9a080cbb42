"""Structured data of a page: JSON-LD (read by jsonld.py), OpenGraph, `article:*`, itemprop and
plain meta tags, gathered into what the page declares about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

from newscrawl.extraction.jsonld import (
    ARTICLE_TYPES,
    PAGE_TYPES,
    JsonLdImage,
    breadcrumb_names,
    declared_text,
    image_objects,
    keywords_in,
    load_jsonld,
    names_in,
    types_of,
)
from newscrawl.extraction.text import storable


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
            return declared_text(values[0]), f"meta:{key}"
    return None, None


# A link preview's label before the writer's name: twitter:label1 'Written by', twitter:data1.
_WRITTEN_BY = re.compile(r"^\s*(?:written by|author|by)\s*:?\s*$", re.IGNORECASE)


def _meta_authors(metas: dict[str, list[str]]) -> tuple[list[str], str | None]:
    for key in ("author", "article:author", "parsely-author", "byl", "dc.creator", "sailthru.author"):
        cleaned = (declared_text(v) for v in metas.get(key, []))
        names = [n for n in cleaned if n and not n.startswith("http")]
        if names:
            return names, f"meta:{key}"
    return [], None


def _preview_authors(metas: dict[str, list[str]]) -> list[str]:
    """The writer in the label and value pairs a link preview shows ('Written by', 'Jane Doe'),
    which blog themes print where they print no author tag."""
    for number in ("1", "2"):
        label = (metas.get(f"twitter:label{number}") or [""])[0]
        if _WRITTEN_BY.match(label) and (
            name := declared_text((metas.get(f"twitter:data{number}") or [""])[0])
        ):
            return [name]
    return []


def read_structured_data(tree: lxml_html.HtmlElement) -> StructuredData:
    """Collect what the page declares, JSON-LD first, meta tags as fallback."""
    data = StructuredData()
    objects = load_jsonld(tree)
    articles = [o for o in objects if types_of(o) & ARTICLE_TYPES]
    # The article with a headline and a body wins over teasers listed on the same page.
    articles.sort(key=lambda o: (not o.get("headline"), not o.get("articleBody")))
    if articles:
        data.has_article_jsonld = True
        art = articles[0]
        if headline := declared_text(art.get("headline")) or declared_text(art.get("name")):
            data.headlines.append((headline, "json-ld"))
        if description := declared_text(art.get("description")):
            data.description, data.description_source = description, "json-ld"
        section = art.get("articleSection")
        section = section[0] if isinstance(section, list) and section else section
        if section := declared_text(section):
            data.section, data.section_source = section, "json-ld"
        if tags := keywords_in(art.get("keywords")):
            data.tags, data.tags_source = tags, "json-ld"
        if authors := names_in(art.get("author")) or names_in(art.get("creator")):
            data.authors, data.authors_source = authors, "json-ld"
        if published := declared_text(art.get("datePublished")) or declared_text(art.get("dateCreated")):
            data.published, data.published_source = published, "json-ld"
        if modified := declared_text(art.get("dateModified")):
            data.modified, data.modified_source = modified, "json-ld"
        if language := declared_text(art.get("inLanguage")):
            data.language, data.language_source = language, "json-ld"
        data.images = image_objects(art.get("image")) + image_objects(art.get("associatedMedia"))
        if isinstance(art.get("articleBody"), str):
            data.article_body = storable(art["articleBody"])
    for obj in objects:
        if "BreadcrumbList" in types_of(obj):
            data.breadcrumbs = breadcrumb_names(obj)
        if "ImageObject" in types_of(obj) and not articles:
            data.images.extend(image_objects(obj))

    metas = _meta(tree)
    for key in ("og:title", "twitter:title", "headline", "title", "dc.title", "dc:title", "parsely-title"):
        for value in metas.get(key, [])[:1]:
            if cleaned := declared_text(value):
                data.headlines.append((cleaned, f"meta:{key}"))
    title = tree.findtext(".//title")
    data.title = declared_text(title)
    if not data.description:
        data.description, data.description_source = _first(
            metas, "og:description", "description", "twitter:description"
        )
    if not data.section:
        data.section, data.section_source = _first(metas, "article:section", "section", "articlesection")
    if not data.tags:
        # One article:tag per tag is the rule, but many sites put the whole list in one.
        tags = [tag for value in metas.get("article:tag") or [] for tag in keywords_in(value)]
        source = "meta:article:tag"
        if not tags:
            for key in ("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
                if metas.get(key):
                    tags, source = keywords_in(metas[key][0]), f"meta:{key}"
                    break
        if tags:
            data.tags = [t for t in (declared_text(x) for x in tags) if t]
            data.tags_source = source
    # A page described as a WebPage, not an Article, may still name its writer there; a meta
    # author tag beside it often names only the publisher.
    pages = [o for o in objects if types_of(o) & PAGE_TYPES]
    if not data.authors and pages and (authors := names_in(pages[0].get("author"))):
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
    if pages and not data.published and (published := declared_text(pages[0].get("datePublished"))):
        data.published, data.published_source = published, "json-ld:WebPage"
        if not data.modified and (modified := declared_text(pages[0].get("dateModified"))):
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
