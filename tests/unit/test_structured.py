"""What a page declares: JSON-LD in the shapes publishers write it, and the language check."""

from __future__ import annotations

from newscrawl.extraction.dom import parse
from newscrawl.extraction.language import detect_language
from newscrawl.extraction.structured import read_structured_data

LOREM = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor. " * 6


def test_json_ld_wrapped_in_cdata_is_read() -> None:
    page = """<html><head><meta property="article:published_time" content="2015-12-11T14:28:34Z">
      <script type="application/ld+json">//<![CDATA[
        {"@context": "http://schema.org", "@type": "NewsArticle", "headline": "The big lie",
         "datePublished": "2015-10-15T02:19:15Z"}
      //]]></script></head><body></body></html>"""
    data = read_structured_data(parse(page))
    assert data.has_article_jsonld
    assert (data.published, data.published_source) == ("2015-10-15T02:19:15Z", "json-ld")
    assert ("The big lie", "json-ld") in data.headlines


def test_placeholder_latin_does_not_overrule_the_declared_language() -> None:
    assert detect_language("en-US", LOREM) == ("en", "declared")
    assert detect_language(None, LOREM) == ("la", "text")


def test_text_in_another_language_overrules_a_wrong_declaration() -> None:
    german = "Die Bundesregierung hat am Mittwoch neue Regeln für den Wohnungsbau beschlossen. " * 4
    assert detect_language("en", german) == ("de", "text-overrides-declared")


def test_one_meta_tag_may_declare_several_rdfa_properties() -> None:
    page = """<html><head><title>Title Element</title>
      <meta property="og:title twitter:title" content="A title">
      <meta property="x:title dc:title" content="Preferred title"></head><body></body></html>"""
    data = read_structured_data(parse(page))
    assert ("A title", "meta:og:title") in data.headlines
    assert ("A title", "meta:twitter:title") in data.headlines
    assert ("Preferred title", "meta:dc:title") in data.headlines


def test_a_web_page_in_the_graph_dates_a_post_that_declares_no_article() -> None:
    graph = """{"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Home networks", "datePublished": "2021-01-27T06:00:00+00:00",
         "dateModified": "2021-04-15T09:00:00+00:00"},
        {"@type": "CollectionPage", "datePublished": "2019-01-01T00:00:00+00:00"}]}"""
    data = read_structured_data(
        parse(f'<html><head><script type="application/ld+json">{graph}</script></head></html>')
    )
    assert (data.published, data.published_source) == ("2021-01-27T06:00:00+00:00", "json-ld:WebPage")
    assert data.modified == "2021-04-15T09:00:00+00:00"
    # An Article's or the meta tags' own dates come first.
    meta = '<meta property="article:published_time" content="2021-01-20T08:00:00Z">'
    data = read_structured_data(
        parse(f'<html><head>{meta}<script type="application/ld+json">{graph}</script></head></html>')
    )
    assert (data.published, data.published_source) == ("2021-01-20T08:00:00Z", "meta:article:published_time")
