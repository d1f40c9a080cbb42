"""Hostile and broken input: a named error or a best-effort Article, never a crash or a hang."""

from __future__ import annotations

import contextlib

import pytest

from newscrawl.extraction import EmptyBody, ExtractionError, NotAnArticle, UnreadablePage, extract_article
from newscrawl.extraction.mojibake import repair

URL = "https://example.com/news/2024/03/12/story"
PROSE = "<p>" + "The council approved the budget after a long debate about flood defences. " * 8 + "</p>"


def article_page(body: str, head: str = '<meta property="og:type" content="article">') -> str:
    return (
        f"<html><head><title>A story</title>{head}</head>"
        f"<body><article><h1>A story</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize("page", ["", "   ", b"", b"\x00\x01\x02\x03" * 100])
def test_empty_or_binary_is_unreadable(page: str | bytes) -> None:
    with pytest.raises(UnreadablePage):
        extract_article(page, URL)


def test_no_body_is_empty() -> None:
    with pytest.raises(EmptyBody):
        extract_article(article_page("<p>Too short.</p>"), URL)


def test_listing_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle):
        extract_article(article_page(PROSE, head=""), "https://example.com/tag/budget/")


def test_teasers_beside_an_undeclared_story_do_not_make_it_a_listing() -> None:
    teaser = "<article><h2><a href='/a/{0}'>Another story number {0} here</a></h2><p>{1}</p></article>"
    teasers = "".join(teaser.format(n, "Short teaser text about the other story. " * 3) for n in range(5))
    story = f"<html><head><title>A story</title></head><body><article><h1>A story</h1>{PROSE}</article>"
    assert extract_article(story + teasers + "</body></html>", URL).body
    listing = f"<html><head><title>News</title></head><body><h1>News</h1>{teasers}</body></html>"
    with pytest.raises(NotAnArticle, match="teasers"):
        extract_article(listing, URL)


def test_wrong_charset_declaration_still_decodes() -> None:
    page = article_page(PROSE.replace("debate", "débat")).replace(
        "<head>", '<head><meta charset="iso-8859-1">'
    )
    article = extract_article(page.encode("utf-8"), URL, content_type="text/html; charset=utf-8")
    assert "débat" in article.body


def test_missing_charset_bytes_are_guessed() -> None:
    page = article_page(PROSE.replace("debate", "Debatte über Hochwasserschutz"))
    article = extract_article(page.encode("utf-8"), URL)
    assert "über" in article.body


def test_utf8_the_page_holds_doubly_encoded_is_read_back() -> None:
    story = PROSE.replace("debate", "café debate – it’s")
    garbled = story.encode("utf-8").decode("cp1252")  # 'cafÃ© debate â€“ itâ€™s'
    article = extract_article(article_page(garbled).encode("utf-8"), URL)
    assert "café debate – it’s" in article.body
    # Text that only looks similar is German, and stays as it is.
    assert repair("„Die Straße“ gâteau São Paulo") == "„Die Straße“ gâteau São Paulo"


def test_twenty_megabyte_page_is_refused_or_read() -> None:
    filler = "<div>" + "x" * 1000 + "</div>"
    page = article_page(PROSE + filler * 20_000)
    with pytest.raises(UnreadablePage, match="too large"):
        extract_article(page, URL)


def test_huge_script_is_ignored() -> None:
    page = article_page(PROSE).replace("</head>", "<script>" + "var a=1;" * 2_500_000 + "</script></head>")
    assert len(page) > 20_000_000
    assert "flood defences" in extract_article(page, URL).body


def test_absurd_nesting_does_not_crash() -> None:
    page = article_page("<div>" * 100_000 + PROSE + "</div>" * 100_000)
    # A named error is a fine answer; a crash or a RecursionError is not.
    with contextlib.suppress(ExtractionError):
        extract_article(page, URL)


def test_control_characters_in_the_text_do_not_cost_the_body() -> None:
    page = article_page(PROSE.replace("budget", "bud\x07get").replace("long", "long\x0b"))
    article = extract_article(page, URL)
    assert "approved the budget after a long debate" in article.body


def test_a_story_after_a_stray_end_of_page_is_read() -> None:
    # A header template that closes the page early: browsers show what follows in the body.
    page = (
        '<html><head><title>A story</title><meta property="og:type" content="article"></head>'
        "<body><header><nav><a href='/'>Home</a></nav></header></body></html>"
        f"<div class='story'><h1>A story</h1>{PROSE}</div><footer>Contact us</footer>"
    )
    article = extract_article(page, URL)
    assert "approved the budget after a long debate" in article.body


def test_a_client_side_templates_unfilled_slots_are_not_fields() -> None:
    page = article_page(
        PROSE, head='<meta property="og:type" content="article"><meta property="og:title" content="A story">'
    ).replace("<h1>A story</h1>", '<span class="kicker">{{section.heading.text}}</span><h1>{{ title }}</h1>')
    article = extract_article(page, URL)
    assert (article.section, article.headline) == (None, "A story")
