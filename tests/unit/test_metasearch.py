"""trafilatura's metadata search runs only for the fields the markup leaves out."""

from __future__ import annotations

from newscrawl.extraction.dom import parse
from newscrawl.extraction.metasearch import page_metadata, page_tags

PAGE = """<html><head><title>Flood budget</title>
  <meta name="description" content="The council approved it."></head><body><article>
  <h1>Flood budget approved</h1><p class="byline">By <a rel="author" href="/a/jane">Jane Roe</a></p>
  <p>Published on March 3, 2024</p><p>The council approved the flood budget after a long night.</p>
  <div class="tags"><a href="/tag/floods">Floods</a></div></article></body></html>"""
URL = "https://example.com/news/flood-budget"


def test_the_author_and_date_searches_run_only_when_asked() -> None:
    found = page_metadata(parse(PAGE), URL, author=True, date=True)
    assert (found.author, found.date, found.description) == (
        "Jane Roe",
        "2024-03-03",
        "The council approved it.",
    )
    skipped = page_metadata(parse(PAGE), URL, author=False, date=False)
    assert (skipped.author, skipped.date, skipped.description) == (None, None, "The council approved it.")


def test_tags_linked_from_the_page_are_searched_only_on_demand() -> None:
    page = parse(PAGE)
    found = page_metadata(page, URL, author=False, date=False)
    assert found.tags == []
    assert page_tags(page, found) == ["Floods"]


def test_a_copyright_year_is_not_taken_for_the_day_the_page_was_published() -> None:
    # htmldate dates a page with nothing but '© 2019' 1 January 2019.
    undated = PAGE.replace("<p>Published on March 3, 2024</p>", "").replace(
        "</article>", "</article><footer>© 2019 Example Media</footer>"
    )
    assert page_metadata(parse(undated), URL, author=False, date=True).date is None
