"""Every site file against its fixture page: one test per site and field, and its rules load-bearing.

A site file `newscrawl/sites/<site>.py` comes with `fixtures/sites/<site>/page.html` (a page
written for the project on the site's template) and `expected.json` (its URL and the fields
extraction must give). Each field is compared on its own; and with the site's rules switched
off at least one field must come out otherwise, so a site file that does nothing fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl.extraction.page import ArticlePage
from newscrawl.sites import NO_RULES, SiteRules, rules_for, site_files

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


def _lead(page: ArticlePage, part: str) -> str | None:
    return getattr(page.images[0], part) if page.images else None


# The fields an expected.json may name, read from the page as extract_article reads them.
FIELDS: dict[str, Callable[[ArticlePage], Any]] = {
    "headline": lambda page: page.headline.value,
    "section": lambda page: page.section.value,
    "tags": lambda page: page.tags.value,
    "authors": lambda page: page.authors.value,
    "published_date": lambda page: page.published_day.isoformat() if page.published_day else None,
    "caption": lambda page: _lead(page, "caption"),
    "image_credit": lambda page: _lead(page, "credit"),
    "body_paragraphs": lambda page: page.body.value.paragraphs,
    "subheadings": lambda page: page.body.value.subheadings,
    "not_in_body": lambda page: page.body.value.paragraphs,
}


def expected(site: str) -> dict[str, Any]:
    return dict(json.loads((SITES / site / "expected.json").read_text(encoding="utf-8")))


@cache
def page(site: str, rules: SiteRules | None = None) -> ArticlePage:
    """The site's fixture page, with the rules its URL finds unless `rules` are given."""
    html = (SITES / site / "page.html").read_text(encoding="utf-8")
    return ArticlePage(html, expected(site)["url"], rules=rules)


def matches(site: str, field: str, found: ArticlePage) -> bool:
    want = expected(site)[field]
    if field == "not_in_body":
        return not set(want) & set(FIELDS[field](found))
    return bool(FIELDS[field](found) == want)


CASES = [
    pytest.param(site, field, id=f"{site}-{field}")
    for site in sorted(site_files())
    if (SITES / site / "expected.json").is_file()
    for field in expected(site)
    if field != "url"
]


def test_every_site_file_has_its_fixture_page_and_expected_fields() -> None:
    missing = [
        site
        for site in site_files()
        if not ((SITES / site / "page.html").is_file() and (SITES / site / "expected.json").is_file())
    ]
    assert not missing
    assert sorted(p.name for p in SITES.iterdir()) == sorted(site_files())


@pytest.mark.parametrize("site", sorted(site_files()))
def test_the_fixture_url_finds_the_site_file(site: str) -> None:
    assert rules_for(expected(site)["url"]) is site_files()[site]
    assert set(expected(site)) - {"url"} <= set(FIELDS)


@pytest.mark.parametrize(("site", "field"), CASES)
def test_field(site: str, field: str) -> None:
    found = page(site)
    if field == "not_in_body":
        assert not set(expected(site)[field]) & set(FIELDS[field](found))
        return
    assert FIELDS[field](found) == expected(site)[field]


@pytest.mark.parametrize("site", sorted(site_files()))
def test_the_site_rules_are_load_bearing(site: str) -> None:
    """Generic extraction alone gets at least one expected field wrong that the rules get right."""
    fields = [field for field in expected(site) if field != "url"]
    fixed = [
        field
        for field in fields
        if matches(site, field, page(site)) and not matches(site, field, page(site, NO_RULES))
    ]
    assert fixed, f"{site}.py changes none of {fields} on its fixture page"


def test_a_tag_selector_that_finds_nothing_leaves_the_generic_order() -> None:
    """A template that changed under a site file gives what generic extraction gives, not the
    page's tag block ahead of its declared keywords."""
    stale = SiteRules(domains=("hngn.com",), tags='//div[contains(@class, "tag-list")]//a')
    assert page("hngn", stale).tags == page("hngn", NO_RULES).tags
    assert page("hngn", NO_RULES).tags.source == "meta:news_keywords"
