"""ArticlePage: one fetched page, each field a cached property giving its value and its source.

A field is worked out when first asked for, from the fields it needs, so a caller (a benchmark,
a site's subclass, `extract_article`) reads the very steps extraction takes instead of copying
them. The tree is only read: trafilatura and htmldate copy what they prune, so the order in
which fields are asked for does not change them.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from newscrawl.article import Image
from newscrawl.extraction import choices
from newscrawl.extraction.authorchoice import page_authors
from newscrawl.extraction.authors import byline_names, clean_authors, labelled_byline
from newscrawl.extraction.blocks import Body
from newscrawl.extraction.body import clean_body, story_blocks
from newscrawl.extraction.bodytop import linked_headings, teaser_lines
from newscrawl.extraction.choices import Found, first_date, first_value, fragment_blocks, printed_earlier
from newscrawl.extraction.classify import MIN_ARTICLE_WORDS, check_article, check_page
from newscrawl.extraction.dateline import shown_date
from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.declared import declared_story_html, tells_more
from newscrawl.extraction.dom import decode, parse, slim
from newscrawl.extraction.embedded import embedded_article_html
from newscrawl.extraction.errors import EmptyBody, NotAnArticle
from newscrawl.extraction.headline import MAX_HEADLINE_CHARS, Witnesses, headline_from, headline_witnesses
from newscrawl.extraction.hints import NO_HINTS, Hints
from newscrawl.extraction.language import detect_language
from newscrawl.extraction.markedauthor import marked_authors
from newscrawl.extraction.metasearch import page_metadata
from newscrawl.extraction.nearby import headings_showing
from newscrawl.extraction.pageurl import check_page_url, declared_canonical, page_origin
from newscrawl.extraction.pubday import publication_day, url_date
from newscrawl.extraction.shownheadline import page_h1s, page_heading
from newscrawl.extraction.sitelabels import section_labels, strip_site_name
from newscrawl.extraction.structured import StructuredData, read_structured_data
from newscrawl.extraction.text import word_count
from newscrawl.extraction.titles import page_titles
from newscrawl.sites import SiteRules, rules_for, rules_named
from newscrawl.textkey import squash
from newscrawl.urlkey import site_of


class ArticlePage:
    """A page and its URL, with the crawl's hints and the site's rules (by default the rules
    the hints name, else those of the URL's site)."""

    def __init__(
        self,
        page: str | bytes,
        url: str,
        hints: Hints = NO_HINTS,
        rules: SiteRules | None = None,
        *,
        content_type: str | None = None,
    ) -> None:
        check_page_url(url)
        self.url = url
        self.hints = hints
        self.text = decode(page, content_type)
        self.tree = parse(slim(self.text))
        # An archived copy's URL names the page it copies: its site, its sections, its date.
        self.origin = page_origin(url)
        self.rules = rules or (rules_named(hints.site_rules) if hints.site_rules else rules_for(self.origin))

    # What the page declares and where it sits.

    @cached_property
    def data(self) -> StructuredData:
        """JSON-LD, OpenGraph, article:* and itemprop meta."""
        return read_structured_data(self.tree)

    @cached_property
    def site(self) -> str:
        return site_of(self.origin)

    @cached_property
    def canonical(self) -> str | None:
        return declared_canonical(self.url, self.data.canonical_url)

    def check_page(self) -> None:
        """NotAnArticle for what the URL and markup alone show is none: before trafilatura runs."""
        check_page(self.origin, self.data, self.tree)

    # The headline and what sits around it.

    @cached_property
    def section_labels(self) -> frozenset[str]:
        return section_labels(self.origin, self.data.section)

    @cached_property
    def h1s(self) -> list[Any]:
        return page_h1s(self.tree)

    @cached_property
    def headline_candidates(self) -> list[tuple[str | None, str]]:
        """The headlines the markup and the feed declare, (text, source), most trusted first;
        none longer than a headline can be (MAX_HEADLINE_CHARS)."""
        declared = [*self.data.headlines, (self.hints.title, "hint"), (self.data.title, "title")]
        return [(text, source) for text, source in declared if text and len(text) <= MAX_HEADLINE_CHARS]

    @cached_property
    def witnesses(self) -> Witnesses:
        """What each witness (the <h1>, JSON-LD, the feed, the search titles) says the headline is."""
        data = self.data
        return headline_witnesses(
            self.headline_candidates, self.h1s, self.site, data.site_name, self.section_labels
        )

    @cached_property
    def headline(self) -> Found[str]:
        headline, source = headline_from(self.witnesses)
        return Found(headline, source)

    @cached_property
    def titles(self) -> dict[str, str]:
        """The page's other titles by kind (titles.py)."""
        return page_titles(self.headline_candidates)

    @cached_property
    def section(self) -> Found[str | None]:
        return choices.section(self.tree, self.data, self.rules, self.headline.value)

    @cached_property
    def near_headline(self) -> list[Any]:
        """The headings and lines printed by the headline (byline, dateline)."""
        return headings_showing(self.tree, self.headline.value)

    @cached_property
    def images(self) -> list[Image]:
        found = choices.images(self.tree, self.url, self.rules, self.data)
        if any(image.caption or image.credit for image in found) or not self.rendered:
            return found
        # A client-rendered page ships its figures, captions and credits with its story in a script.
        return choices.captioned_images(self.rendered_story, self.url) or found

    @cached_property
    def rendered(self) -> bool:
        """Whether the markup holds too little story for a page to be read from it alone: a
        client-rendered page, whose story comes from its scripts (see body)."""
        return word_count(self.blocks.text) < MIN_ARTICLE_WORDS

    @cached_property
    def rendered_story(self) -> str | None:
        """The story's HTML as a client-rendered page ships it in a script, if it does."""
        return embedded_article_html(self.text)

    # The story's blocks, as trafilatura reads them.

    @cached_property
    def prune(self) -> list[str]:
        return list(self.rules.drop) if self.rules else []

    @cached_property
    def blocks(self) -> Body:
        return story_blocks(self.tree, self.url, self.prune, word_count(self.data.article_body or ""))

    # Dates and people.

    @cached_property
    def declared_date(self) -> datetime | None:
        return parse_date(self.data.published)

    @cached_property
    def dateline(self) -> str | None:
        return shown_date(self.near_headline, above=self.declared_date is None)

    @cached_property
    def declared_authors(self) -> list[str]:
        return clean_authors(self.data.authors)

    @cached_property
    def declared_people(self) -> list[str]:
        return choices.not_the_publisher(self.declared_authors, self.site, self.data.site_name)

    @cached_property
    def byline(self) -> list[str]:
        return byline_names(self.blocks.paragraphs) or choices.writers(
            labelled_byline(self.near_headline), self.site, self.data.site_name
        )

    @cached_property
    def metadata(self) -> Any:
        """trafilatura's own search of the page, for what neither the markup nor the lines by
        the headline give: it costs a third of trafilatura's time, so most pages skip it."""
        if self.declared_people and self.declared_date:
            return None
        return page_metadata(
            self.tree,
            self.origin,
            author=not (self.declared_people or self.byline),
            date=self.declared_date is None and self.dateline is None,
        )

    @cached_property
    def authors(self) -> Found[list[str]]:
        """The markup's writers or the byline's, else the first fallback that names any
        (authorchoice.py)."""
        return page_authors(self)

    @cached_property
    def marked_people(self) -> list[str]:
        """The names in the template's author slot, not the publisher's."""
        return choices.not_the_publisher(marked_authors(self.tree), self.site, self.data.site_name)

    @cached_property
    def tags(self) -> Found[list[str]]:
        return choices.tags(self.tree, self.data, self.rules, self.hints, self.metadata, self.origin)

    @cached_property
    def published(self) -> Found[str | None]:
        """The publication date as written."""
        dateline, declared = self.dateline, self.declared_date
        return first_date(
            (dateline if printed_earlier(dateline, declared) else None, "dateline"),
            (self.data.published, self.data.published_source),
            (self.hints.published, "hint"),
            (dateline, "dateline"),
            (getattr(self.metadata, "date", None), "trafilatura"),
            (str(url_date(self.origin) or ""), "url"),
        )

    @cached_property
    def modified(self) -> Found[str | None]:
        return first_value((self.data.modified, self.data.modified_source))

    @cached_property
    def published_day(self) -> Any:
        """The day of publication in the publisher's zone."""
        return publication_day(self.published.value, self.origin, self.data.language or self.language.value)

    # The body, cleaned of what the page prints around the story.

    @cached_property
    def furniture(self) -> list[str]:
        """Labels, names, captions and other stories' teasers that repeat inside a body without
        being part of it."""
        tags = self.tags.value
        labels = [self.section.value, *self.data.breadcrumbs, self.data.site_name, ", ".join(tags), *tags]
        for image in self.images:
            labels += [image.caption, image.credit, f"{image.caption} {image.credit}"]
        return [label for label in labels if label] + sorted(self.teasers)

    @cached_property
    def teasers(self) -> frozenset[str]:
        """The headings and summaries of a stream of other stories (bodytop.py)."""
        return teaser_lines(self.tree)

    @cached_property
    def headline_variants(self) -> list[str]:
        """The headlines the page declares for search and social cards repeat at a body's top
        too, with their labels or without; so does its <h1> where another headline won."""
        declared = [squash(text) for text, source in self.headline_candidates if source != "hint"]
        stripped = [
            strip_site_name(text, self.site, self.data.site_name, self.section_labels) for text in declared
        ]
        return [*declared, *stripped, *([heading] if (heading := page_heading(self.h1s)) else [])]

    @cached_property
    def linked_headings(self) -> frozenset[str]:
        """Headings that are only a link to another story (bodytop.py)."""
        return linked_headings(self.tree)

    def _cleaned(self, blocks: Body, furniture: list[str]) -> Body:
        return clean_body(
            blocks,
            self.headline.value,
            furniture,
            self.authors.value,
            self.headline_variants,
            description=self.data.description,
            linked=self.linked_headings,
        )

    @cached_property
    def body(self) -> Found[Body]:
        body = Found(self._cleaned(self.blocks, self.furniture), "trafilatura+cleanup")
        # A client-rendered page ships its story in a script; another declares all of it in JSON-LD.
        if word_count(body.value.text) < MIN_ARTICLE_WORDS:
            rendered = fragment_blocks(self.rendered_story, self.url, self.prune)
            if rendered:
                candidate = self._cleaned(rendered[0], self.furniture + rendered[1])
                if word_count(candidate.text) > word_count(body.value.text):
                    body = Found(candidate, "script-html+trafilatura+cleanup")
        declared_html = declared_story_html(self.data.article_body, body.value.text)
        declared = fragment_blocks(declared_html, self.url, self.prune)
        if declared:
            candidate = self._cleaned(declared[0], self.furniture + declared[1])
            # Checked again after cleanup: the declared text may be mostly furniture.
            if tells_more(candidate.text, body.value.text):
                body = Found(candidate, "json-ld+cleanup")
        return body

    def refusal(self) -> NotAnArticle | EmptyBody | None:
        """Why the page, its body read, is not to be stored as an article; None if it is."""
        try:
            check_article(self.origin, self.data, self.tree, word_count(self.body.value.text))
        except (NotAnArticle, EmptyBody) as refusal:
            return refusal
        return None

    # What the body tells.

    @cached_property
    def language(self) -> Found[str | None]:
        language, source = detect_language(self.data.language, self.body.value.text)
        return Found(language, source)

    @cached_property
    def description(self) -> Found[str | None]:
        return first_value(
            (self.data.description, self.data.description_source),
            (getattr(self.metadata, "description", None), "trafilatura"),
        )
