"""The writer's name in an element the template marks as the author's, by its class or by a
link to the writer's page, for pages whose markup and byline name no one."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extraction.authors import BYLINE_LABEL, WRITER_PAGE, byline_line, clean_authors, reads_as_name
from newscrawl.textkey import squash

# A class naming the author's slot: 'author', 'entry-author-name', 'blog-meta-author',
# 'dateAndAuthor', 'article-byline'; not 'authority' nor 'authorize'.
_AUTHOR_CLASS = re.compile(r"author(?!it|iz|is)|byline", re.IGNORECASE)
# A commenter's name is marked as an author too ('comment-author'), as is a list of a site's
# writers or a teaser's in a sidebar or a related-stories block.
_ELSEWHERE = re.compile(r"comment|reply|related|sidebar|widget|popular|recent", re.IGNORECASE)
_NOT_A_SLOT = frozenset({"html", "body", "main", "article", "script", "style", "meta", "link", "img"})
# An element with more text than this holds more than the author's slot.
MAX_SLOT_CHARS = 1000
# A text longer than this in the author's slot is a biography, not the name.
MAX_TEXT_WORDS = 8


def marked_authors(tree: Any) -> list[str]:
    """The names in the first element whose class marks it as the author's ('<span
    class="entry-author-name">Jane Doe</span>', '<div class="blog-meta-author">') or that links
    to the writer's page ('<a href="/authors/jane-doe">'), read from its texts one by one as a
    date beside the name in one slot is its own text."""
    for node in tree.iter():
        # A class on the page's body or a whole block ('author-archive', 'has-author') marks
        # everything in it; a hidden text is a screen reader's label ('Open Menu').
        if not isinstance(node.tag, str) or node.tag in _NOT_A_SLOT or node.get("hidden") is not None:
            continue
        marked = _AUTHOR_CLASS.search(node.get("class") or "") or (
            node.tag == "a" and WRITER_PAGE.search(node.get("href") or "")
        )
        # The text's length is read only for marked elements: reading it for every element
        # of a long page would read the page's text once per level of nesting.
        if not marked or len(node.text_content()) > MAX_SLOT_CHARS or _in_elsewhere(node):
            continue
        for text in node.xpath(".//text()[not(ancestor::*[@hidden])]"):
            text = squash(text)
            # A date beside the name is no sign of a biography: only words with letters count.
            if not text or sum(any(c.isalpha() for c in word) for word in text.split()) > MAX_TEXT_WORDS:
                continue
            names = clean_authors([text])
            # A single word there is an avatar's initials ('JD') or a label, not the name.
            if names and all(reads_as_name(name) and len(name.split()) > 1 for name in names):
                return names
    return []


_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def labelled_names(tree: Any) -> list[str]:
    """The writer named in the element after a label of its own ('<h3>Author</h3><p>Jane
    Doe</p>', '<h2>Article by</h2><div>Jane Doe</div>'), as a page's facts box or the card
    after the story prints it, or in a heading that is a byline ('<h3>Written by Jane
    Doe</h3>'), as a box about the writer is titled."""
    for node in tree.iter():
        # The label is the element's own first text: reading every element's whole text would
        # read the page's text once per level of nesting.
        if not isinstance(node.tag, str) or node.tag in _NOT_A_SLOT or not (node.text or "").strip():
            continue
        label = node.text.strip()
        if not (BYLINE_LABEL.match(label) or node.tag in _HEADINGS):
            continue
        text = squash(node.text_content())
        if BYLINE_LABEL.match(text):
            names = _name_in(node.getnext())
        elif node.tag in _HEADINGS:
            names = byline_line(text)
        else:
            continue
        if names and not _in_elsewhere(node):
            return names
    return []


def _name_in(node: Any) -> list[str]:
    """The names that an element holds as its whole text, if it holds names and nothing else."""
    if node is None or not isinstance(node.tag, str) or node.tag in _NOT_A_SLOT:
        return []
    text = squash(node.text_content())
    if not text or len(text.split()) > MAX_TEXT_WORDS:
        return []
    names = clean_authors([text])
    return names if names and all(reads_as_name(name) and len(name.split()) > 1 for name in names) else []


def _in_elsewhere(node: Any) -> bool:
    return any(_ELSEWHERE.search(_roles(element)) for element in (node, *node.iterancestors()))


def _roles(element: Any) -> str:
    """The class and id that name what an element is. A utility class's arbitrary value is CSS,
    not a role: 'mr-[--sidebar-width]' sets a margin beside the sidebar on the story's column.
    A page builder calls each of its blocks a widget ('elementor-widget-text-editor'), the
    story's as well as a sidebar's."""
    classes = (element.get("class") or "").split()
    roles = (name for name in classes if "[" not in name and not name.startswith("elementor-"))
    return " ".join([*roles, element.get("id") or ""])
