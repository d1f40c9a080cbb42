"""Tags of an article: declared keywords first, then rel=tag links and 'Tags:' blocks."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newscrawl.extraction.sitewide import is_site_wide
from newscrawl.extraction.text import element_text
from newscrawl.sites import SiteRules
from newscrawl.textkey import distinct_names

# Containers whose class, id or component name (React's data-testid, data-component) names
# them as the article's tag list; 'taglist' also inside a camel-cased name ('singleTagList').
_TAG_BLOCK_ELEMENTS = ("div", "ul", "section", "nav", "p", "footer")
_TAG_BLOCK_NAMES = ("class", "id", "data-testid", "data-component")
_TAG_BLOCK_NAME = re.compile(
    r"(^|[\s_-])(tags?|tag-?list|tagcloud|article-tags|post-tags|entry-tags|keywords|topics?|themen"
    r"|schlagworte|etiquetas|mots-cles)([\s_-]|$)|taglist([\s_-]|$)",
    re.IGNORECASE,
)
# In-page links there skip the block ('Den nächsten Abschnitt … überspringen').
_TAG_LINKS = ".//a[not(starts-with(@href, '#'))]"
REL_TAG_XPATH = "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"
# A link in a tag block longer than this, or ending like a sentence, is a story, not a tag.
MAX_TAG_WORDS = 6
_SENTENCE_END = ("?", "!", ".")
_LABEL = re.compile(r"^(tags?|topics?|themen|schlagwörter|keywords|mots-clés|etiquetas)\s*:?\s*$", re.I)
# Share buttons set in the tag block ('Share this with Email').
_SHARE = re.compile(r"^(\w+\s+)?(share|teilen|partager|compartir)\b", re.I)
# A block with more links than this is the site's tag index or cloud, not the story's tags.
MAX_BLOCK_TAGS = 40


# Taxonomy dumps ('Subject: Justice', 'Day: Friday', 'WC: 1000-1999'): only the facets that
# name a subject are tags; the rest are for the publisher's analytics.
_FACET = re.compile(r"^(\w[\w ]{0,30}?)\s*:\s+(\S.*)$")
_SUBJECT_FACETS = frozenset(
    ("subject", "subjects", "topic", "topics", "tag", "tags", "keyword", "keywords", "thema", "themen",
     "sujet", "tema", "person", "people", "place", "location", "organization", "organisation")
)  # fmt: skip
# 'sections/sverige', 'topic/misshandel': a CMS path in front of the tag.
_PATH_PREFIX = re.compile(r"^[a-z][a-z_-]*/(?=\S)")
# Ids and switches that leak into keyword lists: UUIDs, hashes, '_commerce'; and the letters
# and numbers of an A-Z index.
# A link's address or path ('/article', 'https://…') where its name should be.
_NOT_A_TAG = re.compile(r"^(_|[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16,}$|\w$|\d+$|/|https?://)", re.IGNORECASE)
# A tag cloud's post count ('Joe Biden (233)', '2020 Election (611 posts)') and quotes around
# a keyword ('"3D Printing"').
_COUNT = re.compile(r"\s*\(\d+(\s+\w+)?\)$")
_QUOTES = "\"'“”„«»"


def tidy_tags(tags: list[str]) -> list[str]:
    """Tags as a reader would name them: no CMS paths, ids, switches or analytics facets."""
    facets = [_FACET.match(tag.strip()) for tag in tags]
    is_taxonomy = sum(1 for facet in facets if facet) >= 2
    tidy: list[str] = []
    for tag, facet in zip(tags, facets, strict=True):
        tag = _PATH_PREFIX.sub("", _COUNT.sub("", tag.strip()).strip(_QUOTES))
        if is_taxonomy and facet:
            if facet.group(1).casefold() not in _SUBJECT_FACETS:
                continue
            tag = facet.group(2)
        if not _NOT_A_TAG.match(tag):
            tidy.append(tag)
    return distinct_names(tidy)


def find_tags(tree: lxml_html.HtmlElement, rules: SiteRules | None = None) -> tuple[list[str], str]:
    """Tags shown on the page itself (not meta), with the source that produced them."""
    if rules and rules.tags:
        found = [element_text(n) for n in tree.xpath(rules.tags)]
        if found:
            return tidy_tags(found), "site-rules"
    links = tree.xpath(REL_TAG_XPATH)
    # WordPress marks a post's categories rel="category tag": they are its sections (see
    # post_category), and its tags are the links marked rel="tag" alone, where it has any.
    tagged = [a for a in links if not _is_category(a)]
    if found := [element_text(a) for a in tagged or links]:
        return tidy_tags(found), "rel-tag"
    found = [
        text
        for text in (element_text(a) for a in _tag_block_links(tree))
        if text
        and not _LABEL.match(text)
        and not _SHARE.match(text)
        and len(text.split()) <= MAX_TAG_WORDS
        and not text.endswith(_SENTENCE_END)
    ]
    return tidy_tags(found), "tag-block"


def _is_category(link: lxml_html.HtmlElement) -> bool:
    return "category" in (link.get("rel") or "").lower().split()


# WordPress files a post it was given no category for under this one.
_DEFAULT_CATEGORIES = frozenset({"uncategorized", "allgemein", "non classé", "sin categoría"})


def post_category(tree: lxml_html.HtmlElement) -> str | None:
    """The first category a blog post is filed under (WordPress's rel="category tag")."""
    for link in tree.xpath(REL_TAG_XPATH):
        if _is_category(link) and (name := element_text(link)) and name.casefold() not in _DEFAULT_CATEGORIES:
            return name
    return None


def _tag_block_links(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The links in the page's tag blocks, each once, in page order."""
    links: dict[lxml_html.HtmlElement, None] = {}
    for block in tree.iter(*_TAG_BLOCK_ELEMENTS):
        names = " ".join(block.get(attribute) or "" for attribute in _TAG_BLOCK_NAMES).strip()
        if names and _TAG_BLOCK_NAME.search(names):
            found = block.xpath(_TAG_LINKS)
            if len(found) <= MAX_BLOCK_TAGS and not is_site_wide(block, len(found)):
                links.update(dict.fromkeys(found))
    return list(links)
