"""Turning raw page input (text or bytes of any charset) into a parsed, bounded HTML tree."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from newscrawl.extraction.charset import page_text, readable
from newscrawl.extraction.errors import UnreadablePage
from newscrawl.extraction.mojibake import repair
from newscrawl.extraction.scripts import script_elements

# Beyond this, after scripts are gone, a page is hostile or broken, not an article.
MAX_MARKUP_CHARS = 6_000_000


def decode(page: str | bytes, content_type: str | None = None) -> str:
    """Text of the page: bytes in the charset of their BOM, HTTP header or <meta> where that
    reads them, else in the one detected (see charset.py); UTF-8 that the page itself holds
    doubly encoded ('doesnâ€™t') is read back. UnreadablePage for text that is mostly U+FFFD."""
    return repair(readable(page) if isinstance(page, str) else page_text(page, content_type))


def slim(text: str) -> str:
    """The page without scripts and styles (JSON-LD kept), bounded in size."""
    if not text.strip():
        raise UnreadablePage("empty page")
    # Scripts and styles hold most of the bytes of a modern page and none of its text.
    slimmed = _without_scripts(text) if len(text) > 200_000 else text
    if len(slimmed) > MAX_MARKUP_CHARS:
        raise UnreadablePage(f"page too large ({len(slimmed):,} characters of markup)")
    return slimmed


def _without_scripts(text: str) -> str:
    """`text` less its closed script and style elements, JSON-LD kept."""
    pieces: list[str] = []
    kept = 0
    for element in script_elements(text):
        if "ld+json" not in element.tag.lower():
            pieces.append(text[kept : element.start])
            kept = element.end
    pieces.append(text[kept:])
    return "".join(pieces)


# As trafilatura parses: comments and processing instructions split text nodes and change what
# its extractor sees, so they go at parse time.
_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
# lxml.html picks each element's class in a Python method, called for every element any reader
# touches (over a million calls for 240 pages, 5% of extraction); its form-field classes are
# all it adds, and nothing here or in trafilatura uses them. Decided in C, and the same output.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# C0 control characters other than tab and line breaks: XML cannot hold them, and trafilatura,
# which builds its result as XML, returns nothing for a page that has one (a stray BEL, \x07).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse(text: str) -> lxml_html.HtmlElement:
    """An lxml tree; libxml2 caps nesting depth, so absurdly deep pages cannot blow the stack."""
    # lxml refuses text that still declares its (already decoded) encoding.
    text = _CONTROL_CHARACTERS.sub("", _XML_DECLARATION.sub("", text, count=1))
    try:
        tree = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise UnreadablePage(f"not parseable as HTML: {error}") from error
    if tree is None:
        raise UnreadablePage("not parseable as HTML")
    _fold_stray_roots(tree)
    return tree


def _fold_stray_roots(tree: lxml_html.HtmlElement) -> None:
    """Content after a stray '</body></html>' moved into <body>, where browsers show it.

    A header template that closes the page early is common; libxml2 then starts a second root
    element, which nothing that walks the page from its root would ever reach.
    """
    strays = list(tree.itersiblings())
    if not strays:
        return
    body = tree.find("body")
    if body is None:
        body = etree.SubElement(tree, "body")
    for stray in strays:
        for child in list(stray):
            if child.tag == "body":
                body.extend(list(child))
            elif child.tag != "head":
                body.append(child)
