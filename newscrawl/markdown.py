"""An article as Markdown (CommonMark): headline, byline, lead image, body blocks by kind, tags.

Written here rather than with a Markdown library: those turn Markdown into HTML; going the
other way from our own blocks is a dozen lines, and what matters is the escaping. Every text
comes from a page, so each is escaped: a headline "<script>" or a paragraph "1. Fakt" must
stay text, not become markup, in any renderer.
"""

from __future__ import annotations

import re

from newscrawl.article import ITEM, QUOTE, SUBHEADING, Article

# Characters that start inline markup anywhere in a line (| for GFM's tables, ~ for its
# strikethrough, & for entities).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# What starts a block at the beginning of a line: a heading, a quote, a list item, a rule.
_LINE_START = re.compile(r"^(\s*)(#|>|[-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """The text, to be read as text by any Markdown renderer."""
    escaped = _INLINE.sub(r"\\\1", text)
    return "\n".join(_escape_line_start(line) for line in escaped.split("\n"))


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    indent, mark = match.groups()
    if mark[0].isdigit():  # "1. Fakt": escape the full stop, not the number
        end = match.end()
        return f"{indent}{mark}\\{line[end:]}"
    return f"{indent}\\{line[len(indent) :]}"


def _lines(text: str) -> str:
    """A block's lines (from <br> or table rows) as hard line breaks."""
    return "\\\n".join(escape(text).split("\n"))


def body_markdown(blocks: list[tuple[str, str]]) -> str:
    """The body's blocks: subheadings as level-2 headings, list items as a list, quotes as
    quotes; blank lines between blocks, none between the items of one list."""
    out: list[str] = []
    previous = None
    for kind, text in blocks:
        if kind == SUBHEADING:
            block = "## " + escape(" ".join(text.split("\n")))
        elif kind == ITEM:
            block = "- " + _lines(text).replace("\n", "\n  ")
        elif kind == QUOTE:
            block = "\n".join("> " + line for line in _lines(text).split("\n"))
        else:  # a paragraph or a table, whose rows are lines
            block = _lines(text)
        if out:
            out.append("\n" if kind == ITEM and previous == ITEM else "\n\n")
        out.append(block)
        previous = kind
    return "".join(out)


def article_markdown(article: Article) -> str:
    """The whole article: headline, then what the page says of it, then its body and tags."""
    parts = ["# " + escape(article.headline)]
    about = [
        f"*{escape(article.section)}*" if article.section else "",
        "By " + ", ".join(escape(a) for a in article.authors) if article.authors else "",
        article.published_date.isoformat() if article.published_date else "",
    ]
    if any(about):
        parts.append(" · ".join(part for part in about if part))
    if article.description:
        parts.append("> " + escape(article.description).replace("\n", "\n> "))
    caption = [f"*{escape(article.caption)}*"] if article.caption else []
    credit = [f"({escape(article.image_credit)})"] if article.image_credit else []
    parts.append(" ".join(caption + credit))
    parts.append(body_markdown(article.blocks))
    if article.tags:
        parts.append("Tags: " + ", ".join(escape(t) for t in article.tags))
    return "\n\n".join(part for part in parts if part) + "\n"
