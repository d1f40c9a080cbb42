"""URL keys: every variant of one article's address gives one key; different articles don't."""

import pytest

from newscrawl.urlkey import original_url, site_of, url_key

SAME = [
    ("https://www.example.com/news/story", "http://example.com/news/story"),
    ("https://example.com/news/story/", "https://example.com/news/story"),
    ("https://example.com/news/story#comments", "https://example.com/news/story"),
    ("https://example.com/news/story?utm_source=tw&utm_medium=social", "https://example.com/news/story"),
    ("https://example.com/news/story?fbclid=IwAR0&gclid=x", "https://example.com/news/story"),
    ("https://example.com/news/story?ns_mchannel=rss&ns_campaign=a&ito=1", "https://example.com/news/story"),
    ("https://example.com/amp/news/story", "https://example.com/news/story"),
    ("https://example.com/news/story/amp/", "https://example.com/news/story"),
    ("https://amp.example.com/news/story", "https://example.com/news/story"),
    ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
    ("https://example.com/news/story?print=1", "https://example.com/news/story"),
    ("https://EXAMPLE.com:443/news/story", "https://example.com/news/story"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
]
DIFFERENT = [
    ("https://example.com/?p=12", "https://example.com/?p=13"),
    ("https://example.com/news/story-1", "https://example.com/news/story-2"),
    ("https://example.com/news/story", "https://example.org/news/story"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_articles_differ(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


def test_key_is_readable() -> None:
    assert url_key("https://www.example.com/news/story/?utm_source=x#top") == "example.com/news/story"


def test_site_drops_www() -> None:
    assert site_of("https://www.Example.com/x") == "example.com"


@pytest.mark.parametrize(
    ("url", "original"),
    [
        (
            "https://web.archive.org/web/20140226054445/http://www.example.com/2013/08/07/story/",
            "http://www.example.com/2013/08/07/story/",
        ),
        ("https://web.archive.org/web/20160330101229id_/https://example.com/a", "https://example.com/a"),
        ("http://web.archive.org/web/2016/example.com/a?b=1", "http://example.com/a?b=1"),
        (
            "https://example.com/web/20160330101229/http://other.org/a",
            "https://example.com/web/20160330101229/http://other.org/a",
        ),
        ("https://web.archive.org/web/*/example.com/*", "https://web.archive.org/web/*/example.com/*"),
    ],
)
def test_an_archived_copy_names_the_page_it_was_taken_of(url: str, original: str) -> None:
    assert original_url(url) == original
