"""Extraction from the fixture pages, one test per page and field, so a failure names both."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl.article import Article
from newscrawl.extraction import ExtractionError, extract_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEFAULT_BASE = "https://courier.example"
FIELDS = (
    "headline",
    "titles",
    "section",
    "tags",
    "authors",
    "published_date",
    "published_at",
    "published_precision",
    "language",
    "caption",
    "image_credit",
    "images",
    "body_paragraphs",
    "subheadings",
    "blocks",
    "not_in_body",
)


def expectations() -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((FIXTURES / "expected").glob("*.json"))}


def page_file(path: str) -> Path:
    file = FIXTURES / "site" / path.lstrip("/")
    return file / "index.html" if file.is_dir() or path.endswith("/") else file


@cache
def extracted(name: str) -> Article | ExtractionError:
    expected = expectations()[name]
    base = expected.get("base", DEFAULT_BASE)
    html = page_file(expected["path"]).read_text(encoding="utf-8").replace("{{BASE}}", base)
    try:
        return extract_article(html, base + expected["path"])
    except ExtractionError as error:
        return error


CASES = [
    pytest.param(name, field, id=f"{name}-{field}")
    for name, expected in expectations().items()
    for field in (("error",) if "error" in expected else FIELDS)
    if field in expected
]


def actual(article: Article, field: str) -> Any:
    if field == "published_date":
        return article.published_date.isoformat() if article.published_date else None
    if field == "published_at":
        # As every output writes it: a day alone as the day.
        return article.published.isoformat() if article.published else None
    if field == "body_paragraphs":
        return article.paragraphs
    if field == "blocks":
        return [[kind, text] for kind, text in article.blocks]
    if field == "images":
        return [{"caption": i.caption, "credit": i.credit} for i in article.images]
    return getattr(article, field)


@pytest.mark.parametrize(("name", "field"), CASES)
def test_field(name: str, field: str) -> None:
    expected = expectations()[name]
    result = extracted(name)
    if field == "error":
        assert type(result).__name__ == expected["error"]
        return
    assert isinstance(result, Article), f"{name} failed to extract: {result!r}"
    if field == "not_in_body":
        lines = set(result.paragraphs)
        leaked = [junk for junk in expected[field] if junk in lines or junk in result.body.split("\n")]
        assert not leaked
        return
    assert actual(result, field) == expected[field]


def test_at_least_twelve_templates() -> None:
    assert len(expectations()) >= 12
