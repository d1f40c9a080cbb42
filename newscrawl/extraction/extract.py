"""extract_article: HTML + URL -> Article, in the order the steps are trusted.

1. decode and parse the page (bounded);
2. read what it declares: JSON-LD, OpenGraph, article:* and itemprop meta;
3. apply the site's rules, if it has any;
4. trafilatura for the main text, with known non-body parts pruned first;
5. pick each field from the most trusted source that has it, recording that source;
6. clean the body of headline repeats, labels, captions, embeds and junk lines;
7. refuse non-articles and empty bodies with a named error;
8. fingerprint the body for deduplication.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newscrawl.article import Article, Image
from newscrawl.extraction.authors import byline_names, clean_authors, labelled_byline
from newscrawl.extraction.body import (
    Body,
    body_blocks,
    clean_body,
    run_trafilatura,
    story_blocks,
)
from newscrawl.extraction.classify import MIN_ARTICLE_WORDS, check_article, check_page, section_label
from newscrawl.extraction.dateline import shown_date
from newscrawl.extraction.dates import parse_date, parse_local
from newscrawl.extraction.declared import declared_story_html, tells_more
from newscrawl.extraction.dom import decode, parse, slim
from newscrawl.extraction.embedded import embedded_article_html
from newscrawl.extraction.errors import EmptyBody, NotAnArticle
from newscrawl.extraction.figures import find_images, lead_image_fallback, unique_images
from newscrawl.extraction.headline import (
    choose_headline,
    names_site,
    page_h1s,
    page_heading,
    section_labels,
    strip_site_name,
)
from newscrawl.extraction.hints import NO_HINTS, Hints
from newscrawl.extraction.language import detect_language
from newscrawl.extraction.metasearch import page_metadata, page_tags
from newscrawl.extraction.nearby import headings_showing
from newscrawl.extraction.pageurl import check_page_url, declared_canonical, page_origin
from newscrawl.extraction.pubday import publication_day, url_date
from newscrawl.extraction.structured import StructuredData, read_structured_data
from newscrawl.extraction.tags import find_tags, post_category, tidy_tags
from newscrawl.extraction.text import element_text, word_count
from newscrawl.fingerprint import content_hash, simhash
from newscrawl.sites import SiteRules, rules_for, rules_named
from newscrawl.textkey import comparable, squash
from newscrawl.urlkey import absolute_url, identity_url, site_of, url_key

# Printed this many days before the declared date, a date is not the same day in another zone.
MIN_DAYS_EARLIER = 2
_GENERIC_CRUMBS = {"home", "startseite", "accueil", "inicio", "news", "nachrichten"}


def extract_article(
    page: str | bytes,
    url: str,
    hints: Hints = NO_HINTS,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
    strict: bool = True,
) -> Article:
    """Extract one article from a page; raises an ExtractionError subclass when there is none.

    `hints` come from the feed or sitemap that linked the page (title, published, keywords)
    and fill fields the page itself leaves empty. With `strict=False` a page that does not look
    like an article is extracted anyway, the refusal noted in provenance["refused"].
    """
    check_page_url(url)
    text = decode(page, content_type)
    tree = parse(slim(text))
    data = read_structured_data(tree)
    origin = page_origin(url)
    if strict:
        check_page(origin, data, tree)
    rules = rules_named(hints.site_rules) if hints.site_rules else rules_for(origin)
    provenance: dict[str, str] = {}

    canonical = declared_canonical(url, data.canonical_url)
    site = site_of(origin)
    images = _images(tree, url, rules, data)
    sections = section_labels(origin, data.section)
    h1s = page_h1s(tree)
    headline, provenance["headline"] = choose_headline(
        [*data.headlines, (hints.title, "hint"), (data.title, "title")],
        h1s,
        site,
        data.site_name,
        sections,
    )
    section, provenance["section"] = _section(tree, data, rules, headline)
    prune = list(rules.drop) if rules else []
    blocks = story_blocks(tree, url, prune, word_count(data.article_body or ""))
    declared_date = parse_date(data.published)
    near = headings_showing(tree, headline)
    dateline = shown_date(near, above=declared_date is None)
    declared_authors = clean_authors(data.authors)
    declared_people = _not_the_publisher(declared_authors, site, data.site_name)
    byline = byline_names(blocks.paragraphs) or _writers(labelled_byline(near), site, data.site_name)
    # trafilatura's own metadata search costs a third of its time; most news pages declare
    # what it would find, or print it by the headline, so it searches only for what is left.
    metadata = None
    if not (declared_people and declared_date):
        # Read-only: htmldate and trafilatura copy what they prune.
        metadata = page_metadata(
            tree,
            origin,
            author=not (declared_people or byline),
            date=declared_date is None and dateline is None,
        )
    tags, provenance["tags"] = _tags(tree, data, rules, hints, metadata)
    lead = images[0] if images else None
    caption = lead.caption if lead else None
    credit = lead.credit if lead else None
    labels = [section, *data.breadcrumbs, data.site_name, ", ".join(tags), *tags]
    for image in images:
        labels += [image.caption, image.credit, f"{image.caption} {image.credit}"]
    furniture = [label for label in labels if label]
    authors, provenance["authors"] = _authors(declared_authors, declared_people, data, metadata, site, byline)
    # The headlines the page declares for search and social cards repeat at a body's top too,
    # with their labels or without; so does its <h1> where another headline won the vote.
    declared_titles = [squash(text) for text in [*(t for t, _ in data.headlines), data.title] if text]
    variants = [
        *declared_titles,
        *(strip_site_name(text, site, data.site_name, sections) for text in declared_titles),
        *([heading] if (heading := page_heading(h1s)) else []),
    ]
    body = clean_body(blocks, headline, furniture, authors, variants)
    provenance["body"] = "trafilatura+cleanup"
    # A client-rendered page ships its story in a script; another declares all of it in JSON-LD.
    if word_count(body.text) < MIN_ARTICLE_WORDS:
        rendered = _fragment_blocks(embedded_article_html(text), url, prune)
        if rendered:
            candidate = clean_body(rendered[0], headline, furniture + rendered[1], authors, variants)
            if word_count(candidate.text) > word_count(body.text):
                body, provenance["body"] = candidate, "script-html+trafilatura+cleanup"
    declared = _fragment_blocks(declared_story_html(data.article_body, body.text), url, prune)
    if declared:
        candidate = clean_body(declared[0], headline, furniture + declared[1], authors, variants)
        # Checked again after cleanup: the declared text may be mostly furniture.
        if tells_more(candidate.text, body.text):
            body, provenance["body"] = candidate, "json-ld+cleanup"
    words = word_count(body.text)
    try:
        check_article(origin, data, tree, words)
    except (NotAnArticle, EmptyBody) as refusal:
        if strict:
            raise
        provenance["refused"] = f"{refusal.reason}: {refusal}"

    published_raw, provenance["published_at"] = _first_date(
        (dateline if _printed_earlier(dateline, declared_date) else None, "dateline"),
        (data.published, data.published_source),
        (hints.published, "hint"),
        (dateline, "dateline"),
        (getattr(metadata, "date", None), "trafilatura"),
        (str(url_date(origin) or ""), "url"),
    )
    modified_raw, provenance["modified_at"] = _first_value((data.modified, data.modified_source))
    language, provenance["language"] = detect_language(data.language, body.text)
    description, provenance["description"] = _first_value(
        (data.description, data.description_source),
        (getattr(metadata, "description", None), "trafilatura"),
    )
    if lead:
        provenance["caption"] = provenance["image_credit"] = "figure"
    return Article(
        url=url,
        url_key=url_key(identity_url(url, canonical)),
        canonical_url=canonical,
        site=site,
        section=section,
        headline=headline,
        description=description,
        body=body.text,
        subheadings=body.subheadings,
        images=images,
        caption=caption,
        image_credit=credit,
        tags=tags,
        authors=authors,
        published_at=parse_date(published_raw),
        published_raw=published_raw,
        published_date=publication_day(published_raw, origin, data.language or language),
        modified_at=parse_date(modified_raw),
        modified_raw=modified_raw,
        language=language,
        content_hash=content_hash(body.text),
        simhash=simhash(body.text),
        fetched_at=fetched_at or datetime.now(UTC),
        provenance={k: v for k, v in provenance.items() if v and v != "none"},
        listing_date=parse_date(hints.listing_date),
    )


def _fragment_blocks(fragment: str | None, url: str, prune: list[str]) -> tuple[Body, list[str]] | None:
    """Blocks and image captions of story HTML found outside the page's markup."""
    if fragment is None:
        return None
    tree = parse(f"<html><body><article>{fragment}</article></body></html>")
    captions = [text for i in find_images(tree, url) for text in (i.caption, i.credit) if text]
    return body_blocks(run_trafilatura(tree, url, prune)), captions


def _printed_earlier(printed: str | None, declared: datetime | None) -> bool:
    """Whether the date printed under the headline is days before the one the markup declares.
    It is then the day of publication, and the declared one a re-publication, an import, or a
    CMS that writes every save into datePublished."""
    day = parse_local(printed)
    return bool(day and declared and (declared.date() - day.date()).days >= MIN_DAYS_EARLIER)


def _first_date(*candidates: tuple[Any, str | None]) -> tuple[Any, str]:
    """The first candidate that parses as a date: an unreadable one gives way to the next."""
    return _first_value(*((value, source) for value, source in candidates if parse_date(value)))


def _first_value(*candidates: tuple[Any, str | None]) -> tuple[Any, str]:
    for value, source in candidates:
        if value:
            return value, source or "unknown"
    return None, "none"


def _images(tree: Any, url: str, rules: SiteRules | None, data: StructuredData) -> list[Image]:
    images = find_images(tree, url, rules)
    if not any(i.caption or i.credit for i in images):
        fallback = lead_image_fallback(tree, url, data.og_image, data.og_image_alt)
        images = [fallback] if fallback else images
    declared = unique_images(
        [Image(address, i.caption, i.credit) for i in data.images if (address := absolute_url(url, i.url))]
    )
    if not images:
        return [i for i in declared if i.caption or i.credit] or declared[:1]
    # JSON-LD often knows the credit the figure markup leaves out; its image may be another
    # rendition of the photo (another URL) with the same caption.
    by_url = {i.url: i for i in declared}
    by_caption = {comparable(i.caption): i for i in declared if i.caption}
    for image in images:
        twin = by_url.get(image.url) or by_caption.get(comparable(image.caption))
        if twin:
            image.caption = image.caption or twin.caption
            image.credit = image.credit or twin.credit
    return images


def _section(
    tree: Any, data: StructuredData, rules: SiteRules | None, headline: str
) -> tuple[str | None, str]:
    if rules and rules.section:
        found = [element_text(n) for n in tree.xpath(rules.section)]
        if found and found[0]:
            return found[0], "site-rules"
    if data.section:
        return data.section, data.section_source or "meta"
    crumbs = [
        c
        for c in data.breadcrumbs
        if comparable(c) not in _GENERIC_CRUMBS and comparable(c) != comparable(headline)
    ]
    if crumbs:
        return crumbs[-1], "breadcrumbs"
    if category := post_category(tree):
        return category, "category"
    label = section_label(tree)
    if label:
        return label, "label"
    return None, "none"


def _tags(
    tree: Any, data: StructuredData, rules: SiteRules | None, hints: Hints, document: Any
) -> tuple[list[str], str]:
    if rules and rules.tags:
        found, source = find_tags(tree, rules)
        if found:
            return found, source
    if declared := tidy_tags(data.tags):
        return declared, data.tags_source or "meta"
    found, source = find_tags(tree)
    if found:
        return found, source
    if hinted := tidy_tags(list(hints.keywords)):
        return hinted, "hint"
    raw = page_tags(tree, document) if document else None
    if raw:
        return tidy_tags(raw if isinstance(raw, list) else str(raw).split(",")), "trafilatura"
    return [], "none"


def _not_the_publisher(names: list[str], site: str, site_name: str | None) -> list[str]:
    return [name for name in names if not names_site(name, site, site_name)]


def _writers(byline: list[str], site: str, site_name: str | None) -> list[str]:
    """The writers a printed byline names; none where it names the publisher too, as a desk's
    credit line does ('red, ORF.at/Agenturen')."""
    publisher = comparable(site_name or "")
    if publisher and any(publisher in comparable(name) for name in byline):
        return []
    return _not_the_publisher(byline, site, site_name)


def _authors(
    declared: list[str],
    declared_people: list[str],
    data: StructuredData,
    document: Any,
    site: str,
    byline: list[str],
) -> tuple[list[str], str]:
    """`declared` are the markup's authors, cleaned; `declared_people` those not the publisher."""
    found = clean_authors(str(getattr(document, "author", None) or "").split(";"))
    found_people = _not_the_publisher(found, site, data.site_name)
    # The publisher listed beside a reporter ('Hankook Ilbo', 'Jane Doe') did not write the story.
    if declared_people:
        return declared_people, data.authors_source or "meta"
    # Where the markup names none or only the publisher, the byline printed atop the story
    # names the writers; else trafilatura's search of the page may, unless what it finds names
    # the publisher too: then it is the desk's credit line ('red, ORF.at/Agenturen').
    if byline:
        return byline, "byline"
    if found_people and (found_people == found or not declared):
        return found_people, "trafilatura"
    if declared:
        return declared, data.authors_source or "meta"
    return (found, "trafilatura") if found else ([], "none")
