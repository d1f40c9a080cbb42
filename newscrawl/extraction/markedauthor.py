"""The writer's name in an element the template marks as the author's, by its class or by a
link to the writer's page, for pages whose markup and byline name no one."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extraction.authors import WRITER_PAGE, clean_authors, reads_as_name
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
            if not text or len(text.split()) > MAX_TEXT_WORDS:
                continue
            names = clean_authors([text])
            # A single word there is an avatar's initials ('JD') or a label, not the name.
            if names and all(reads_as_name(name) and len(name.split()) > 1 for name in names):
                return names
    return []


def _in_elsewhere(node: Any) -> bool:
    return any(
        _ELSEWHERE.search(f"{element.get('class') or ''} {element.get('id') or ''}")
        for element in (node, *node.iterancestors())
    )
