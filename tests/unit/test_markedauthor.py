"""The author's slot marked by its class: the article's name, not a commenter's or initials."""

import pytest
from lxml import html

from newscrawl.extraction.markedauthor import labelled_names, marked_authors


@pytest.mark.parametrize(
    ("page", "names"),
    [
        ('<div class="entry-author"><span>Jane Doe</span></div>', ["Jane Doe"]),
        # A date and an avatar's initials in the same slot are not the name.
        (
            '<div class="dateAndAuthor"><span>Mar 2, 2024</span><span>JD</span><span>Jane Doe</span></div>',
            ["Jane Doe"],
        ),
        ('<p class="article-byline">By <a href="/p/jane">Jane Doe</a></p>', ["Jane Doe"]),
        # A link to the writer's page marks the name as well as a class does.
        ('<p class="font-bold"><a href="/articles/authors/jane-doe">Jane Doe</a></p>', ["Jane Doe"]),
        ('<div class="comment"><a href="/author/sam-reyes/">Sam Reyes</a></div>', []),
        # A commenter and a sidebar's writers are marked as authors too.
        ('<div class="comments"><span class="comment-author">Sam Reyes</span></div>', []),
        ('<aside class="sidebar"><span class="author-name">Greta Holm</span></aside>', []),
        # A utility class's value that names the sidebar only places the column beside it.
        (
            '<div class="lg:mr-[--sidebar-width]">'
            '<a href="/blog/authors/jane-doe"><span>Jane Doe</span></a></div>',
            ["Jane Doe"],
        ),
        ('<div class="authority-note"><span>Food Standards Board</span></div>', []),
        # A class on the whole page marks everything; a hidden label is a screen reader's.
        ('<div class="has-author"><p>' + "Bread. " * 200 + "</p><span>Jane Doe</span></div>", []),
        ('<div class="author"><span hidden class="x">Open Menu</span></div>', []),
        # A biography in the slot is not a name.
        ('<div class="author-bio">Jane Doe writes about bread and has baked for twenty years.</div>', []),
    ],
)
def test_marked_authors(page: str, names: list[str]) -> None:
    assert marked_authors(html.fromstring(f"<html><body>{page}</body></html>")) == names


@pytest.mark.parametrize(
    ("page", "names"),
    [
        # A label of its own, the name in the element after it.
        ("<div><h3>Author</h3><p>Jane Doe</p></div>", ["Jane Doe"]),
        ("<div><h2>Article by</h2><div>Jane Doe</div></div>", ["Jane Doe"]),
        # A heading that is a byline titles the box about the writer.
        ("<div><h3>Written by Jane Doe</h3><p>Jane writes about bread.</p></div>", ["Jane Doe"]),
        # A column's label over a list, a label before a sentence, a commenter's box.
        ("<table><tr><th>Author</th><th>Title</th></tr></table>", []),
        ("<div><h3>Author</h3><p>She has written about bread for twenty years.</p></div>", []),
        ("<div class='comments'><h4>Written by Sam Reyes</h4></div>", []),
        ("<div><h3>By the numbers</h3><p>Forty Two</p></div>", []),
    ],
)
def test_labelled_names(page: str, names: list[str]) -> None:
    assert labelled_names(html.fromstring(f"<html><body>{page}</body></html>")) == names
