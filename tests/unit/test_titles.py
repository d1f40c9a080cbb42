"""The page's other titles, kept by kind beside the headline it displays."""

from __future__ import annotations

from newscrawl.extraction import extract_article
from newscrawl.extraction.hints import Hints
from newscrawl.extraction.page import ArticlePage
from newscrawl.extraction.titles import page_titles


def test_each_kind_from_its_own_sources_the_page_title_first_for_search() -> None:
    titles = page_titles(
        [
            ("Markup headline", "json-ld"),
            ("Card title", "meta:og:title"),
            ("Tweet title", "meta:twitter:title"),
            ("Meta title field", "meta:title"),
            ("Feed title", "hint"),
            ("Search title &amp; more | Site", "title"),
            (None, "meta:dc.title"),
        ]
    )
    assert titles == {
        "structured": "Markup headline",
        "seo": "Search title & more | Site",
        "social": "Card title",
        "feed": "Feed title",
    }


def test_a_page_without_titles_has_none() -> None:
    assert page_titles([(None, "json-ld"), ("  ", "title")]) == {}


PAGE = """<html><head><title>Rates held at 4% | Courier</title>
<meta property="og:title" content="Why the bank did nothing this time"></head>
<body><article><h1>Central bank holds rates for a third month</h1>
<p>{text}</p></article></body></html>"""


def test_the_article_keeps_the_displayed_headline_and_the_others_by_kind() -> None:
    page = PAGE.format(text="The central bank kept its main rate unchanged on Wednesday. " * 12)
    article = extract_article(page, "https://courier.example/news/rates", Hints(title="Rates: no change"))
    assert article.headline == "Central bank holds rates for a third month"
    assert article.provenance["headline"] == "h1"
    assert article.titles == {
        "seo": "Rates held at 4% | Courier",
        "social": "Why the bank did nothing this time",
        "feed": "Rates: no change",
    }


def test_a_title_that_swallowed_the_page_is_no_title() -> None:
    # An unclosed <title> holds the rest of the page as its text; a card title still names it.
    story = "".join(f"<p>Paragraph {n} of the story - with a dash.</p>" for n in range(40))
    card = "<meta property='og:title' content='Rates held'>"
    page = f"<html><head>{card}<title>Rates held | Courier</head><body>{story}"
    titles = ArticlePage(page, "https://example.com/news/2024/03/12/rates").titles
    assert titles == {"social": "Rates held"}
