"""Whatever a page declares, extraction returns an Article or raises one of its named errors.

Pages are built around one fixed story from random JSON-LD (any JSON shape under the keys we
read, and under keys we do not), random meta dates and random canonical, og: and image URLs.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from datetime import date as date_
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newscrawl.extraction import ExtractionError, extract_article
from newscrawl.extraction.dates import MAX_YEAR, MIN_YEAR, parse_date, parse_local
from newscrawl.extraction.pubday import publication_day
from newscrawl.urlkey import url_key

URL = "https://example.com/news/2024/03/12/council-approves-flood-defences"
STORY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The council approved the budget for the new flood defences on Tuesday after a long debate.",
        "Residents of the lower town had waited three winters for the walls along the river.",
        "The works start in May and should be finished before the autumn storms, officials said.",
        "Opponents argued that the money would be better spent on drainage in the upper districts.",
        "The vote passed by eleven to four, with two members absent from the evening session.",
    )
)

# Dates as pages write them, at and beyond the ends of what datetime holds.
YEARS = st.sampled_from(["0000", "0001", "0099", "1000", "1969", "1970", "2024", "9998", "9999", "10000"])
OFFSETS = st.sampled_from(
    ["", "Z", "+00:00", "+14:00", "-12:00", "+23:59", "-23:59", "+0530", "-2400", " GMT"]
)
ISO_DATES = st.builds(
    lambda year, month, day, time, offset: f"{year}-{month}-{day}{time}{offset}",
    YEARS,
    st.sampled_from(["01", "02", "12", "13", "00"]),
    st.sampled_from(["01", "28", "29", "31", "32", "00"]),
    st.sampled_from(["", "T00:00:00", "T23:59:59", "T24:00:00", "T12:00", " 12:00:00.123456"]),
    OFFSETS,
)
WRITTEN_DATES = st.builds(
    lambda weekday, day, month, year, rest: f"{weekday}{day} {month} {year}{rest}",
    st.sampled_from(["", "Mon, ", "Fri "]),
    st.sampled_from(["1", "01", "31", "32", "0"]),
    st.sampled_from(["Jan", "February", "März", "Sept", "Foo"]),
    YEARS,
    st.sampled_from(["", " 00:00:00 +0000", " 23:59:59 -1200", " 12:00 +9999", " 25:61:61 GMT"]),
)
STAMPS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, -1, 2**31, 2**63, 10**18, 1e300, -1e300]),
)
DATES = st.one_of(ISO_DATES, WRITTEN_DATES, STAMPS.map(str), st.text(max_size=30))

URLS = st.one_of(
    st.sampled_from(
        [
            "http://[::1",
            "http://[::1]:99999/x",
            "http://[zz]/",
            "http://[::1]/news/story",
            "https://exa mple.com/x",
            "http://example.com:-1/",
            "http://example.com:http/",
            "http:///news/story",
            "//example.org/news/story",
            "/news/other-story",
            "javascript:alert(1)",
            "data:image/png;base64,iVBORw0KGgo=",
            "mailto:desk@example.com",
            "http://%zz/",
            "http://xn--/",
            "http://例え.jp/ニュース",
            "http://a..b/c",
            "https://example.com/" + "a" * 3000,
            "",
            " ",
            "#top",
            "?page=2",
            "\\\\server\\share",
        ]
    ),
    st.text(max_size=40),
    st.builds(lambda host, path: f"https://{host}/{path}", st.text(max_size=12), st.text(max_size=12)),
)

# The keys extraction reads, and a few it does not.
KEYS = st.sampled_from(
    [
        "@type", "@graph", "@id", "headline", "name", "description", "articleSection", "keywords",
        "author", "creator", "datePublished", "dateCreated", "dateModified", "inLanguage", "image",
        "associatedMedia", "articleBody", "mainEntity", "mainEntityOfPage", "itemListElement",
        "item", "url", "contentUrl", "caption", "creditText", "copyrightHolder", "publisher",
        "logo", "position", "isAccessibleForFree", "thumbnailUrl",
    ]
)  # fmt: skip
TYPES = st.sampled_from(["NewsArticle", "Article", "WebPage", "BreadcrumbList", "ImageObject", "Person"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    STAMPS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=()), max_size=20),
    TYPES,
    DATES,
    URLS,
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), children, max_size=6),
    ),
    max_leaves=25,
)
# Text a page means to be read, with what JSON escapes can add: NUL, controls, lone surrogates.
TEXTS = st.builds(
    lambda before, after: f"{before}Jane Doe{after}",
    st.text(st.characters(exclude_categories=()), max_size=3),
    st.text(st.characters(exclude_categories=()), max_size=3),
)
PERSONS = st.fixed_dictionaries({"@type": st.just("Person"), "name": st.one_of(TEXTS, JSON_VALUES)})
IMAGES = st.fixed_dictionaries(
    {"@type": st.just("ImageObject")},
    optional={
        "url": st.one_of(URLS, JSON_VALUES),
        "contentUrl": URLS,
        "caption": st.one_of(TEXTS, JSON_VALUES),
        "creditText": st.one_of(TEXTS, JSON_VALUES),
        "copyrightHolder": st.one_of(PERSONS, JSON_VALUES),
    },
)
# An article object: each key we read, each holding what it should or anything else.
ARTICLE = st.fixed_dictionaries(
    {"@type": st.one_of(st.sampled_from(["NewsArticle", "Article", "BlogPosting"]), JSON_VALUES)},
    optional={
        "headline": st.one_of(TEXTS, JSON_VALUES),
        "name": st.one_of(TEXTS, JSON_VALUES),
        "description": st.one_of(TEXTS, JSON_VALUES),
        "articleSection": st.one_of(TEXTS, st.lists(st.one_of(TEXTS, PERSONS, JSON_VALUES)), JSON_VALUES),
        "keywords": st.one_of(TEXTS, st.lists(st.one_of(TEXTS, JSON_VALUES)), JSON_VALUES),
        "author": st.one_of(PERSONS, st.lists(st.one_of(PERSONS, TEXTS, JSON_VALUES)), JSON_VALUES),
        "creator": st.one_of(PERSONS, JSON_VALUES),
        "datePublished": st.one_of(DATES, JSON_VALUES),
        "dateCreated": st.one_of(DATES, JSON_VALUES),
        "dateModified": st.one_of(DATES, JSON_VALUES),
        "inLanguage": st.one_of(st.sampled_from(["en", "de-AT", "ru_RU", "xx"]), TEXTS, JSON_VALUES),
        "image": st.one_of(URLS, IMAGES, st.lists(st.one_of(URLS, IMAGES, JSON_VALUES)), JSON_VALUES),
        "associatedMedia": st.one_of(IMAGES, JSON_VALUES),
        "articleBody": st.one_of(TEXTS, JSON_VALUES),
        "publisher": st.one_of(PERSONS, JSON_VALUES),
        "mainEntityOfPage": JSON_VALUES,
    },
)
JSON_LD = st.one_of(
    ARTICLE,
    st.lists(ARTICLE, max_size=2).map(lambda graph: {"@graph": graph}),
    st.builds(
        lambda crumbs: {"@type": "BreadcrumbList", "itemListElement": crumbs},
        st.lists(st.one_of(JSON_VALUES, st.fixed_dictionaries({"item": JSON_VALUES}))),
    ),
    JSON_VALUES,
)
META_DATES = st.tuples(
    st.sampled_from(
        [
            "article:published_time",
            "article:modified_time",
            "og:updated_time",
            "date",
            "pubdate",
            "dc.date.issued",
            "parsely-pub-date",
        ]
    ),
    DATES,
)
META_URLS = st.tuples(st.sampled_from(["og:url", "og:image", "twitter:image"]), URLS)


def page(
    jsonld: list[Any],
    metas: list[tuple[str, str]],
    canonical: str | None,
    image: str | None,
    shown_date: str | None = None,
) -> bytes:
    # JSON's \u escapes carry lone surrogates; '</' escaped so that no string ends the script.
    scripts = "".join(
        '<script type="application/ld+json">' + json.dumps(obj).replace("</", "<\\/") + "</script>"
        for obj in jsonld
    )
    head = "".join(f'<meta property="{name}" content="{html.escape(str(value))}">' for name, value in metas)
    if canonical is not None:
        head += f'<link rel="canonical" href="{html.escape(canonical)}">'
    figure = (
        f'<figure><img src="{html.escape(image)}" srcset="{html.escape(image)} 2x">'
        "<figcaption>The river at dawn. Photo: Jane Doe</figcaption></figure>"
        if image is not None
        else ""
    )
    dateline = (
        f'<p class="date"><time datetime="{html.escape(shown_date)}">{html.escape(shown_date)}</time></p>'
        if shown_date is not None
        else ""
    )
    text = (
        f'<html lang="en"><head><title>Council approves flood defences</title>{scripts}{head}</head>'
        f"<body><article><h1>Council approves flood defences</h1>{dateline}{figure}{STORY}"
        "</article></body></html>"
    )
    return text.encode("utf-8", "surrogatepass")


def strings(value: Any) -> list[str]:
    """Every text in a JSON-ready value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.items() for part in item for text in strings(part)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def assert_extracts_or_refuses(document: bytes) -> None:
    """An Article that every database can store, or a named error. Not strict: a page that is
    no article is extracted all the same, so that every step reads the page's values."""
    try:
        article = extract_article(document, URL, content_type="text/html; charset=utf-8", strict=False)
    except ExtractionError:
        return
    for text in strings(article.to_json()):
        assert "\x00" not in text, text
        text.encode("utf-8")  # no lone surrogate


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    jsonld=st.lists(JSON_LD, max_size=3),
    metas=st.lists(st.one_of(META_DATES, META_URLS), max_size=4),
    canonical=st.one_of(st.none(), URLS),
    image=st.one_of(st.none(), URLS),
    shown_date=st.one_of(st.none(), DATES),
)
@example(
    jsonld=[
        {"@type": "NewsArticle", "description": "A\x00B\udcff", "author": {"name": "Jane\x00 Doe\ud800"}}
    ],
    metas=[],
    canonical=None,
    image=None,
    shown_date=None,
)
def test_any_declared_values_give_an_article_or_a_named_error(
    jsonld: list[Any],
    metas: list[tuple[str, str]],
    canonical: str | None,
    image: str | None,
    shown_date: str | None,
) -> None:
    assert_extracts_or_refuses(page(jsonld, metas, canonical, image, shown_date))


def story(*, head: str = "", jsonld: Any = None, figure: str = "", dateline: str = "") -> bytes:
    """The fixed story as a declared article, with what a test puts in its head and body."""
    declared = {"@type": "NewsArticle", "headline": "Council approves flood defences"}
    if isinstance(jsonld, dict):
        declared |= jsonld
    script = json.dumps(declared if jsonld is None or isinstance(jsonld, dict) else jsonld)
    return (
        f'<html lang="en"><head><title>Council approves flood defences</title>{head}'
        f'<script type="application/ld+json">{script}</script></head>'
        f"<body><article><h1>Council approves flood defences</h1>{dateline}{figure}{STORY}"
        "</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "section",
    [
        [{"@type": "Thing", "name": "Local"}],
        {"@id": "https://example.com/local", "name": "Local"},
        [["Local"], {"name": ["Local", {"x": 1}]}],
        [None, True, 5],
        True,
    ],
)
def test_an_article_section_of_objects_is_no_section(section: Any) -> None:
    article = extract_article(story(jsonld={"articleSection": section}), URL)
    assert article.section is None and article.body


@pytest.mark.parametrize(
    "date",
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "Mon, 01 Jan 99999999999999999999 00:00:00 +0000",
        "Sat, 31 Dec 9999 23:59:59 -1200",
    ],
)
@pytest.mark.parametrize("where", ["json-ld", "meta", "printed"])
def test_a_date_beyond_what_datetime_holds_is_no_date(date: str, where: str) -> None:
    page = story(
        jsonld={"datePublished": date} if where == "json-ld" else None,
        head=f'<meta property="article:published_time" content="{date}">' if where == "meta" else "",
        dateline=f'<p class="date"><time datetime="{date}">{date}</time></p>' if where == "printed" else "",
    )
    article = extract_article(page, URL)
    # The URL's date is what is left.
    assert (article.published_date, article.body != "") == (date_(2024, 3, 12), True)


@pytest.mark.parametrize("raw", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "0001-01-01"])
def test_parse_date_leaves_a_day_of_room_at_both_ends(raw: str) -> None:
    assert parse_local(raw) is None and parse_date(raw) is None
    assert publication_day(raw, "https://example.ru/news/story", "ru") is None
    assert parse_date(f"{MIN_YEAR:04}-01-01T00:00:00+14:00") == datetime(MIN_YEAR - 1, 12, 31, 10, tzinfo=UTC)
    assert parse_date(f"{MAX_YEAR}-12-31T23:59:59-12:00") == datetime(
        MAX_YEAR + 1, 1, 1, 11, 59, 59, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "canonical", ["http://[::1", "http://[zz]/news/story", "https://example.com:99999/x"]
)
def test_a_canonical_url_that_is_no_url_is_ignored(canonical: str) -> None:
    for head in (
        f'<link rel="canonical" href="{canonical}">',
        f'<meta property="og:url" content="{canonical}">',
    ):
        article = extract_article(story(head=head), URL)
        assert (article.canonical_url, article.url_key) == (None, url_key(URL))


@pytest.mark.parametrize("address", ["http://[::1", ",", " , 2x", "http://[zz]/a.jpg 1x"])
def test_an_image_address_that_is_no_url_is_passed_over(address: str) -> None:
    figure = (
        f'<figure><img src="{address}" srcset="{address}" data-src="/img/river.jpg">'
        "<figcaption>The river at dawn. Photo: Jane Doe</figcaption></figure>"
    )
    head = f'<meta property="og:image" content="{address}">'
    declared = {"image": [address, {"@type": "ImageObject", "url": address, "caption": "The river"}]}
    article = extract_article(story(head=head, jsonld=declared, figure=figure), URL)
    assert [image.url for image in article.images] == ["https://example.com/img/river.jpg"]


def test_json_ld_nested_beyond_pythons_recursion_limit_is_no_json_ld() -> None:
    nested = b'<script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000 + b"</script>"
    article = extract_article(story().replace(b"</head>", nested + b"</head>"), URL)
    assert article.headline == "Council approves flood defences"


def test_escaped_nul_and_lone_surrogates_in_json_ld_are_not_kept() -> None:
    declared = {"description": "Flood\u0000 walls\udcff approved", "author": {"name": "Jane\u0000 Doe\ud800"}}
    article = extract_article(story(jsonld=declared), URL)
    assert (article.description, article.authors) == ("Flood walls approved", ["Jane Doe"])


def test_escaped_nul_that_trafilaturas_reader_finds_is_not_kept() -> None:
    # trafilatura reads schema.org JSON-LD itself: here the section, which becomes the tags.
    declared = {"@context": "https://schema.org", "articleSection": "Lo\u0000cal"}
    article = extract_article(story(jsonld=declared), URL)
    assert (article.tags, article.provenance["tags"]) == (["Local"], "trafilatura")
