"""ArticlePage: each field with its source, worked out on demand, cheap refusals first."""

from __future__ import annotations

import pytest
from test_extraction_fixtures import DEFAULT_BASE, expectations, page_file

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.page import ArticlePage
from newscrawl.sites import SiteRules

NAME = "jsonld-paper"


def fixture_html() -> str:
    path = expectations()[NAME]["path"]
    return page_file(path).read_text(encoding="utf-8").replace("{{BASE}}", DEFAULT_BASE)


def fixture_page(rules: SiteRules | None = None) -> ArticlePage:
    return ArticlePage(fixture_html(), DEFAULT_BASE + expectations()[NAME]["path"], rules=rules)


def test_each_field_says_where_it_came_from() -> None:
    page = fixture_page()
    expected = expectations()[NAME]
    assert page.headline.value == expected["headline"]
    assert page.headline.source != "none"
    assert page.authors.value == expected["authors"] and page.authors.source != "none"
    assert page.tags.value == expected["tags"] and page.tags.source != "none"
    assert page.section.value == expected["section"]
    assert page.published.source != "none"


def test_extract_article_is_the_page_objects_fields() -> None:
    page = fixture_page()
    expected = expectations()[NAME]
    article = extract_article(
        page_file(expected["path"]).read_text().replace("{{BASE}}", DEFAULT_BASE), page.url
    )
    assert (article.headline, article.authors, article.tags) == (
        page.headline.value,
        page.authors.value,
        page.tags.value,
    )
    assert article.body == page.body.value.text
    assert article.provenance["body"] == page.body.source


def test_a_field_is_worked_out_only_when_asked_for() -> None:
    page = fixture_page()
    assert page.headline.value
    # The headline needs neither trafilatura's blocks nor its metadata search.
    assert "blocks" not in vars(page) and "metadata" not in vars(page)


def test_a_listing_is_refused_before_trafilatura_runs() -> None:
    html = "<html><head><title>Latest news</title></head><body><h1>Latest</h1><p>Stories</p></body></html>"
    page = ArticlePage(html, "https://courier.example/")
    with pytest.raises(NotAnArticle):
        page.check_page()
    assert "blocks" not in vars(page)


def test_rules_given_to_the_page_are_the_ones_it_uses() -> None:
    rules = SiteRules(domains=("courier.example",), section="//h1")
    page = fixture_page(rules)
    assert page.rules is rules
    assert page.section.source == "site-rules"
    assert page.section.value == page.headline.value
