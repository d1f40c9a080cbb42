"""The author's slot marked by its class: the article's name, not a commenter's or initials."""

import pytest
from lxml import html

from newscrawl.extraction.markedauthor import marked_authors


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
