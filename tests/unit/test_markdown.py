"""Articles as Markdown, read back by a real CommonMark renderer: the blocks keep their kinds and
every text from the page stays text."""

from __future__ import annotations

import html
from datetime import date

from markdown_it import MarkdownIt

from newscrawl.article import ITEM, PARAGRAPH, QUOTE, SUBHEADING, Article
from newscrawl.markdown import article_markdown, escape

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "# not a heading",
    "> not a quote",
    "- not an item",
    "1. not a numbered item",
    "**not bold** and _not emphasis_ and `not code`",
    "[not a link](https://example.com) ![not an image](x.png)",
    "&copy; stays as written",
    "a | b | c",
    "\\ a backslash",
]


def render(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def test_hostile_text_renders_as_the_same_text() -> None:
    for text in HOSTILE:
        # One paragraph of the text itself, at block level and inline.
        assert render(escape(text)) == f"<p>{html.escape(text, quote=True)}</p>\n", text
        inline = MarkdownIt("commonmark").parseInline(escape(text))[0].children or []
        assert [t.type for t in inline] == ["text"], text
        assert inline[0].content == text


def test_blocks_keep_their_kinds() -> None:
    blocks = [
        (PARAGRAPH, "The story starts here."),
        (SUBHEADING, "What comes next"),
        (ITEM, "first point"),
        (ITEM, "second point"),
        (QUOTE, "A line quoted\nover two lines"),
        (PARAGRAPH, "Line one\nline two"),
    ]
    article = Article(
        url="https://courier.example/a",
        headline="Headline <b>here</b>",
        section="Science",
        authors=["Lena Okafor"],
        published_date=date(2024, 3, 14),
        caption="Panels on a field",
        image_credit="Ingrid Holm",
        body="\n\n".join(text for _, text in blocks),
        block_kinds=[kind for kind, _ in blocks],
        tags=["Solar power"],
    )
    page = render(article_markdown(article))
    assert "<h1>Headline &lt;b&gt;here&lt;/b&gt;</h1>" in page
    assert "<h2>What comes next</h2>" in page
    assert "<ul>\n<li>first point</li>\n<li>second point</li>\n</ul>" in page
    assert "<blockquote>\n<p>A line quoted<br />\nover two lines</p>\n</blockquote>" in page
    assert "<p>Line one<br />\nline two</p>" in page
    assert "<em>Panels on a field</em> (Ingrid Holm)" in page
    assert "By Lena Okafor · 2024-03-14" in page


def test_an_article_stored_before_kinds_were_kept_knows_its_subheadings() -> None:
    article = Article(url="https://courier.example/a", body="One.\n\nTwo\n\nThree.", subheadings=["Two"])
    assert article.blocks == [(PARAGRAPH, "One."), (SUBHEADING, "Two"), (PARAGRAPH, "Three.")]
