"""A 'page not found' answered with 200 is not stored as an article; a headline about a 404 is."""

from __future__ import annotations

import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.errors import SoftNotFound
from tests.hostile.pages import article, soft_404


def test_a_soft_404_is_refused_with_its_reason() -> None:
    with pytest.raises(SoftNotFound) as refused:
        extract_article(soft_404(), "https://news.example/2024/05/02/moved-story.html")
    assert refused.value.reason == "soft_404"


@pytest.mark.parametrize(
    "title",
    ["404 Not Found", "Error 404 - Hostile Times", "Seite nicht gefunden", "Page introuvable | Le Monde"],
)
def test_error_titles(title: str) -> None:
    page = article("Harbour news").replace("<title>Harbour news</title>", f"<title>{title}</title>")
    with pytest.raises(SoftNotFound):
        extract_article(page, "https://news.example/2024/05/02/story.html")


@pytest.mark.parametrize(
    "headline",
    ["404 people evacuated after the flood", "Missing hiker not found after three days"],
)
def test_headlines_that_only_mention_it_are_articles(headline: str) -> None:
    stored = extract_article(article(headline), "https://news.example/2024/05/02/story.html")
    assert stored.headline == headline
