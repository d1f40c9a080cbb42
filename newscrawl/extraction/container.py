"""The element that holds the story: the <article> or <main> around the headline, or else the
block after the headline holding most of the page's paragraphs.

trafilatura is read again on that element alone where, on the whole page, it read far less
than the element holds (body.story_blocks).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any


def is_comments(node: Any) -> bool:
    """A section of readers' comments, or the form to post one, as blog engines name them
    ('comments-area', 'commentlist', 'comment-respond'; not 'commentary')."""
    return _COMMENTS.search(f"{node.get('class')} {node.get('id')}".lower()) is not None


_COMMENTS = re.compile(r"(?:^|[\s_-])(?:comments?|commentlist|respond)(?:$|[\s_-])")


def _in_comments(node: Any, known: dict[Any, bool]) -> bool:
    """Whether `node` sits in a comment section; `known` remembers the answer for ancestors,
    which the paragraphs of a page share."""
    parent = node.getparent()
    if parent is None:
        return False
    if parent not in known:
        known[parent] = is_comments(parent) or _in_comments(parent, known)
    return known[parent]


def story_container(tree: Any) -> Any | None:
    """The <article> or <main> around the page's first <h1>; on a page with an <h1> but neither
    element, the innermost block holding most of the page's paragraphs."""
    heading = next(tree.iter("h1"), None)
    if heading is None:
        return None
    around = (node for node in heading.iterancestors() if node.tag in ("article", "main"))
    if (container := next(around, None)) is not None:
        return container
    words = _paragraph_words(tree)
    total = max(words.values(), default=0)
    # Innermost first: the first that may hold the story is the answer, and the link count
    # that tells a menu is taken for as few blocks as possible.
    holders = sorted((node for node, count in words.items() if count * 2 > total), key=words.__getitem__)
    return next((node for node in holders if _told_from(node, heading) and _may_hold_story(node)), None)


def _paragraph_words(tree: Any) -> Counter[Any]:
    """Words of the paragraphs each element holds, readers' comments left out.

    Each paragraph's words go to its parent, then each element's sum to its parent, deepest
    first: one step per element that holds paragraphs, however deep and long the page is."""
    words: Counter[Any] = Counter()
    in_comments: dict[Any, bool] = {}
    for paragraph in tree.iter("p"):
        if not _in_comments(paragraph, in_comments):
            words[paragraph.getparent()] += len(paragraph.text_content().split())
    depth: dict[Any, int] = {}
    for node in list(words):
        for ancestor in _record_depths(node, depth):
            words[ancestor] += 0
    for node in sorted(words, key=depth.__getitem__, reverse=True):
        if (parent := node.getparent()) is not None:
            words[parent] += words[node]
    return words


def _record_depths(node: Any, depth: dict[Any, int]) -> list[Any]:
    """Record the depth of `node` and of its ancestors not yet in `depth`; return those."""
    chain = []
    while node is not None and node not in depth:
        chain.append(node)
        node = node.getparent()
    level = depth[node] if node is not None else -1
    for element in reversed(chain):
        level += 1
        depth[element] = level
    return chain


def _told_from(node: Any, heading: Any) -> bool:
    """Whether `node` holds the headline or comes after it: what comes before a headline is the
    page's header and menus."""
    below_heading = [heading, *heading.iterancestors()]
    if node in below_heading:
        return True
    below_node = [node, *node.iterancestors()]
    if heading in below_node:  # a block inside the headline is not the story
        return False
    shared = next(ancestor for ancestor in below_heading if ancestor in below_node)
    heading_branch = below_heading[below_heading.index(shared) - 1]
    node_branch = below_node[below_node.index(shared) - 1]
    return bool(shared.index(node_branch) > shared.index(heading_branch))


def _may_hold_story(node: Any) -> bool:
    """Not the page itself, a list (of comments, products or links) or page chrome."""
    if (
        node.tag in ("html", "body", "ul", "ol", *_CHROME)
        or next(node.iterancestors(_CHROME), None) is not None
    ):
        return False
    names = f"{node.get('class')} {node.get('id')}".lower()
    if any(chrome in names for chrome in (*_CHROME, "menu")):
        return False
    # A menu or a product list is mostly links, with a line of text here and there.
    links = sum(len(link.text_content().split()) for link in node.iter("a"))
    return links <= MAX_LINK_SHARE * len(node.text_content().split())


_CHROME = ("nav", "header", "footer", "aside")
MAX_LINK_SHARE = 0.5
