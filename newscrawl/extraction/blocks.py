"""trafilatura's XML body as a Body: one block per paragraph, heading, list item, quote or
table, each with its kind, however trafilatura nests them; paragraphs of text without <p>
split where the page breaks them (<br><br>)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newscrawl.article import ITEM, PARAGRAPH, QUOTE, SUBHEADING, TABLE, kinds_from_subheadings
from newscrawl.textkey import squash, visible

# Loose text between blocks shorter than this is an icon's label or a date.
MIN_TAIL_WORDS = 4


@dataclass
class Body:
    """Paragraphs in reading order, each with its kind (BLOCK_KINDS); subheadings appear both
    among the paragraphs and in their own list."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Made from paragraphs and subheadings alone: the others are paragraphs.
        if len(self.kinds) != len(self.paragraphs):
            self.kinds = kinds_from_subheadings(self.paragraphs, self.subheadings)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def add(self, text: str, kind: str = PARAGRAPH) -> None:
        self.paragraphs.append(text)
        self.kinds.append(kind)
        if kind == SUBHEADING:
            self.subheadings.append(text)


# trafilatura's block elements, by the kind of block each is; the paragraphs inside the
# containers among them are of the container's kind.
_KINDS = {"head": SUBHEADING, "item": ITEM, "quote": QUOTE, "table": TABLE}
_CONTAINERS = frozenset({"item", "quote"})


_BREAK = "\x00"


# trafilatura blocks that can sit inside another (a heading and paragraphs inside a list item);
# each is a paragraph of its own, or its text would be glued to its neighbour's.
_NESTED_BLOCKS = frozenset({"p", "head", "list", "item", "quote"})


def _add_blocks(element: Any, body: Body, within: str = PARAGRAPH) -> None:
    """Append one of trafilatura's XML blocks to `body`, a paragraph per block inside it.

    Line breaks and table rows stay apart as lines; a table is one block whatever it holds.
    A paragraph inside a quote or a list item is of that kind (`within`).
    """
    parts: list[str] = []
    kind = _KINDS.get(element.tag, within)

    def flush() -> None:
        # Only <lb> and table rows break lines; newlines in the source text are just spaces.
        text = "\n".join(squash(line) for line in visible("".join(parts)).split(_BREAK) if line.strip())
        parts.clear()
        if text:
            body.add(text, kind)

    def walk(node: Any, in_table: bool) -> None:
        # Two line breaks in a row end a paragraph of text that has no <p> of its own (a div
        # of text and links, <br><br> between its paragraphs); one break is a line.
        if node.tag == "lb" and not in_table and _ends_line(parts):
            flush()
        elif node.tag in ("lb", "row"):
            parts.append(_BREAK)
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in _NESTED_BLOCKS and not in_table:
                flush()
                _add_blocks(child, body, kind if element.tag in _CONTAINERS else within)
                parts.append(child.tail or "")
            else:
                walk(child, in_table or child.tag == "table")
        # Blocks inside a cell end without a space of their own ('Air QualityThis camera').
        if node.tag in _NESTED_BLOCKS or node.tag == "cell":
            parts.append(" ")
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element, element.tag == "table")
    flush()


def _ends_line(parts: list[str]) -> bool:
    """Whether the text gathered so far ends with a line break, blanks aside."""
    for part in reversed(parts):
        if part == _BREAK:
            return True
        if part.strip():
            return False
    return False


def body_blocks(document: Any) -> Body:
    """Paragraphs and subheadings from trafilatura's XML body, in order."""
    body = Body()
    if document is None or document.body is None:
        return body
    # A page whose text sits loose in <body> comes back as the body's own text.
    loose = squash(visible(document.body.text or ""))
    if loose:
        body.add(loose)
    for element in document.body:
        _add_blocks(element, body)
        # Text right after a block (a paragraph without its own <p> after a heading) is body
        # too; the cleanup drops it when it is a byline or a label.
        tail = squash(visible(element.tail or ""))
        if len(tail.split()) >= MIN_TAIL_WORDS:
            body.add(tail)
    return body
