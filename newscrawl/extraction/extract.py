"""extract_article: HTML + URL -> Article, in the order the steps are trusted.

1. decode and parse the page (bounded), and read what it declares: JSON-LD, OpenGraph,
   article:* and itemprop meta;
2. refuse what its URL and markup alone show is no article (error pages, videos, listings),
   before trafilatura runs;
3. choose the headline (the one the page displays; its other titles are kept by kind) and the
   section, and find the figures;
4. the authors and the dates, from the markup, the byline atop the story's blocks (trafilatura
   reads those, the site's rules pruning known non-body parts), the lines by the headline, or
   trafilatura's search of the page for what those leave out; then the tags;
5. clean the body of headline repeats, labels, captions, embeds and junk lines, or take the
   story from a script or the JSON-LD where they tell more;
6. refuse non-articles and empty bodies with a named error;
7. the language, and the body's fingerprints for deduplication.

Each field is a property of ArticlePage (page.py), which records where its value came from.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.article import Article
from newscrawl.extraction.dates import parse_date, written_precision
from newscrawl.extraction.hints import NO_HINTS, Hints
from newscrawl.extraction.page import ArticlePage
from newscrawl.fingerprint import content_hash, simhash
from newscrawl.urlkey import identity_url, url_key


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
    fields = ArticlePage(page, url, hints, content_type=content_type)  # step 1
    if strict:
        fields.check_page()  # step 2
    headline, section, images = fields.headline, fields.section, fields.images  # step 3
    authors, published, tags = fields.authors, fields.published, fields.tags  # step 4
    modified = fields.modified
    body = fields.body  # step 5
    refusal = fields.refusal()  # step 6
    if refusal and strict:
        raise refusal
    language, description = fields.language, fields.description  # step 7
    text = body.value.text
    lead = images[0] if images else None
    provenance = {
        "headline": headline.source,
        "section": section.source,
        "tags": tags.source,
        "authors": authors.source,
        "body": body.source,
        "refused": f"{refusal.reason}: {refusal}" if refusal else None,
        "published_at": published.source,
        "modified_at": modified.source,
        "language": language.source,
        "description": description.source,
        **({"caption": "figure", "image_credit": "figure"} if lead else {}),
    }
    return Article(
        url=url,
        url_key=url_key(identity_url(url, fields.canonical)),
        canonical_url=fields.canonical,
        site=fields.site,
        section=section.value,
        headline=headline.value,
        titles=fields.titles,
        description=description.value,
        body=text,
        subheadings=body.value.subheadings,
        block_kinds=body.value.kinds,
        images=images,
        caption=lead.caption if lead else None,
        image_credit=lead.credit if lead else None,
        tags=tags.value,
        authors=authors.value,
        published_at=parse_date(published.value),
        published_raw=published.value,
        published_precision=written_precision(published.value),
        published_date=fields.published_day,
        modified_at=parse_date(modified.value),
        modified_raw=modified.value,
        modified_precision=written_precision(modified.value),
        language=language.value,
        content_hash=content_hash(text),
        simhash=simhash(text),
        fetched_at=fetched_at or datetime.now(UTC),
        provenance={k: v for k, v in provenance.items() if v and v != "none"},
        listing_date=parse_date(hints.listing_date),
    )
