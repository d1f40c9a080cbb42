"""Pages in Windows-1251 and KOI8 under a wrong charset or none come out as their text; a page
that no charset reads is UnreadablePage, never an Article of U+FFFD or mojibake."""

from __future__ import annotations

import random

import pytest

from newscrawl.extraction import UnreadablePage, extract_article
from newscrawl.extraction.charset import without_markup

URL = "https://example.com/news/2024/03/14/council-approves-flood-defences"

RUSSIAN = (
    "Совет утвердил строительство дамб",
    [
        "Городской совет в четверг утвердил бюджет на строительство новых дамб вдоль реки.",
        "Жители нижней части города ждали защиты от наводнений три долгие зимы подряд.",
        "Работы начнутся в мае и должны завершиться до осенних штормов, сообщили чиновники.",
        "Противники проекта считали, что деньги лучше потратить на ремонт ливневой канализации.",
        "Решение приняли одиннадцатью голосами против четырёх, двое депутатов отсутствовали.",
    ],
)
UKRAINIAN = (
    "Рада затвердила будівництво дамб",
    [
        "Міська рада в четвер затвердила бюджет на будівництво нових дамб уздовж річки.",
        "Мешканці нижньої частини міста чекали на захист від повеней три довгі зими поспіль.",
        "Роботи розпочнуться у травні й мають завершитися до осінніх штормів, повідомили посадовці.",
        "Противники проєкту вважали, що гроші краще витратити на ремонт зливової каналізації.",
        "Рішення ухвалили одинадцятьма голосами проти чотирьох, двоє депутатів були відсутні.",
    ],
)
# KOI8-R has no і, ї, є or ґ: Ukrainian is written in its Ukrainian sibling, KOI8-U.
ENCODED = {
    "russian-cp1251": (RUSSIAN, "cp1251"),
    "russian-koi8-r": (RUSSIAN, "koi8-r"),
    "ukrainian-cp1251": (UKRAINIAN, "cp1251"),
    "ukrainian-koi8-u": (UKRAINIAN, "koi8-u"),
}
WRONG_OR_NONE = {
    "header utf-8": "text/html; charset=utf-8",
    "header iso-8859-1": "text/html; charset=iso-8859-1",
    "header without charset": "text/html",
    "no header": None,
}


def page(story: tuple[str, list[str]], meta: str = "") -> str:
    headline, paragraphs = story
    return (
        f'<!DOCTYPE html><html><head>{meta}<meta property="og:type" content="article">'
        f"<title>{headline}</title><script>window.dataLayer = window.dataLayer || [];</script></head>"
        '<body><header><nav><a href="/">Главная</a> · <a href="/news/">Новини</a></nav></header>'
        f"<article><h1>{headline}</h1>{''.join(f'<p>{p}</p>' for p in paragraphs)}</article>"
        "<footer>© 2024 Example</footer></body></html>"
    )


def assert_reads(article_story: tuple[str, list[str]], document: bytes, content_type: str | None) -> None:
    article = extract_article(document, URL, content_type=content_type)
    headline, paragraphs = article_story
    assert article.headline == headline
    assert article.paragraphs == paragraphs


@pytest.mark.parametrize("content_type", WRONG_OR_NONE.values(), ids=WRONG_OR_NONE.keys())
@pytest.mark.parametrize(("story", "encoding"), ENCODED.values(), ids=ENCODED.keys())
def test_a_legacy_page_under_a_wrong_charset_or_none_is_read(
    story: tuple[str, list[str]], encoding: str, content_type: str | None
) -> None:
    assert_reads(story, page(story).encode(encoding), content_type)


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", "windows-1252"])
@pytest.mark.parametrize(("story", "encoding"), ENCODED.values(), ids=ENCODED.keys())
def test_a_legacy_page_whose_meta_declares_another_charset_is_read(
    story: tuple[str, list[str]], encoding: str, declared: str
) -> None:
    assert_reads(story, page(story, f'<meta charset="{declared}">').encode(encoding), None)


@pytest.mark.parametrize(("story", "encoding"), ENCODED.values(), ids=ENCODED.keys())
def test_a_legacy_page_declared_rightly_is_read(story: tuple[str, list[str]], encoding: str) -> None:
    assert_reads(story, page(story).encode(encoding), f"text/html; charset={encoding}")


@pytest.mark.parametrize("content_type", ["text/html; charset=windows-1251", "text/html; charset=koi8-r"])
@pytest.mark.parametrize("story", [RUSSIAN, UKRAINIAN], ids=["russian", "ukrainian"])
def test_a_utf8_page_under_a_legacy_charset_is_read_as_utf8(
    story: tuple[str, list[str]], content_type: str
) -> None:
    assert_reads(story, page(story, '<meta charset="windows-1251">').encode("utf-8"), content_type)


def test_a_page_its_cms_stored_as_replacement_characters_is_unreadable() -> None:
    headline, paragraphs = RUSSIAN
    lost = (headline, ["".join("\ufffd" if c.isalpha() else c for c in p) for p in paragraphs])
    with pytest.raises(UnreadablePage, match="U\\+FFFD"):
        extract_article(page(lost).encode("utf-8"), URL, content_type="text/html; charset=utf-8")
    with pytest.raises(UnreadablePage, match="U\\+FFFD"):
        extract_article(page(lost), URL)


def test_text_that_no_charset_reads_is_unreadable() -> None:
    noise = random.Random(7)
    lines = [bytes(noise.randrange(0x80, 0x100) for _ in range(80)) for _ in range(5)]
    story = b"".join(b"<p>" + line + b"</p>" for line in lines)
    document = b"<html><head><title>Noise</title></head><body><article>" + story + b"</article></body></html>"
    with pytest.raises(UnreadablePage):
        extract_article(document, URL, content_type="text/html; charset=utf-8")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("a<b>c</b>d", "a c d"),
        ("x<script>var a = '<p>';</script>y", "x y"),
        ("x<SCRIPT src=a></SCRIPT >y", "x y"),
        ("a<!-- <p>hidden</p> -->b", "a b"),
        ("<styled-box>shown</styled-box>", " shown "),
        ("shown <script> never closed", "shown "),
        ("İstanbul <b>İzmir</b>", "İstanbul  İzmir "),
    ],
)
def test_the_text_detection_reads_is_the_text_between_tags(html: str, text: str) -> None:
    assert without_markup(html) == text
