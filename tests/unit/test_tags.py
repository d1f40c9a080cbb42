"""Tags: what the page declares or lists, tidied into the names a reader would use."""

from __future__ import annotations

from newscrawl.extraction import extract_article
from newscrawl.extraction.notatag import keywords_not_tags
from newscrawl.extraction.tags import tidy_tags

PROSE = " ".join(["The council met on Tuesday and approved the flood budget after a long night."] * 20)


def page(head: str, body: str = "") -> str:
    return (
        f"<html><head><title>Flood budget approved</title>{head}</head><body><article>"
        f"<h1>Flood budget approved</h1><p>{PROSE}</p>{body}</article></body></html>"
    )


def tags_of(body: str) -> list[str]:
    """The tags of a story whose page shows `body` after its text."""
    return extract_article(page("", body), "https://example.com/a/2").tags


def test_a_whole_list_in_one_article_tag_is_split() -> None:
    article = extract_article(
        page('<meta property="article:tag" content="Spain,Europe,World news">'), "https://example.com/a/1"
    )
    assert article.tags == ["Spain", "Europe", "World news"]


def test_cms_paths_ids_and_switches_are_not_tags() -> None:
    assert tidy_tags(["sections/sverige", "topic/misshandel & överfall", "24/7 news"]) == [
        "sverige",
        "misshandel & överfall",
        "24/7 news",
    ]
    assert tidy_tags(["8f507083-bac4-423a-9015-2eb31e1bce50", "_commerce", "Kashmir"]) == ["Kashmir"]


def test_counts_quotes_and_index_letters_are_not_part_of_tags() -> None:
    cloud = ["Joe Biden (233)", "2020 Election (611 posts)", '"3D Printing"', "A", "B", "9", "G7"]
    assert tidy_tags(cloud) == ["Joe Biden", "2020 Election", "3D Printing", "G7"]


def test_a_taxonomy_dump_keeps_only_its_subject_facets() -> None:
    dump = ["Day: Friday", "Time: 11.00", "Subject: Justice", "Subject: Politics", "Language: English"]
    assert tidy_tags(dump) == ["Justice", "Politics"]
    # One tag with a colon is a tag that has one, not a taxonomy.
    assert tidy_tags(["Brexit: the aftermath", "Politics"]) == ["Brexit: the aftermath", "Politics"]


def test_a_tag_block_skips_its_skip_link_and_the_stories_it_links() -> None:
    block = (
        '<div class="tags"><a href="#next">Den nächsten Abschnitt Themen überspringen</a>'
        '<a href="/t/long-covid">Long COVID</a><a href="/t/corona">Coronavirus</a>'
        '<a href="/a/42">Was Schwangere über die Impfung wissen sollten, bevor sie gehen</a>'
        '<a href="/a/43">Achtung, ansteckend!</a></div>'
    )
    assert tags_of(block) == ["Long COVID", "Coronavirus"]


def test_a_tag_block_named_by_its_component_is_found() -> None:
    # React sites name components in data attributes, and their classes are hashes; others
    # write class names in camel case.
    for attribute in ('data-component="tags"', 'data-testid="topic-tags"', 'class="singleTagList"'):
        block = (
            f'<div {attribute} class="sc-18fde0d6-0"><a href="/t/1">Recession</a><a href="/t/2">GDP</a></div>'
        )
        assert tags_of(block) == ["Recession", "GDP"]


def test_wordpress_categories_are_sections_not_tags_where_the_post_has_tags() -> None:
    footer = (
        '<footer>Posted in <a rel="category tag" href="/c/allgemein">Allgemein</a>, '
        '<a rel="category tag" href="/c/politik">Politik</a>. Tagged '
        '<a rel="tag" href="/t/hochwasser">Hochwasser</a>, '
        '<a rel="tag" href="/t/haushalt">Haushalt</a></footer>'
    )
    article = extract_article(page("", footer), "https://example.com/a/3")
    assert article.tags == ["Hochwasser", "Haushalt"]
    # 'Allgemein' is where WordPress files a post given no category: the section is the next.
    assert (article.section, article.provenance["section"]) == ("Politik", "category")
    # A post with categories alone is described by them.
    only = '<footer>Posted in <a rel="category tag" href="/c/politik">Politik</a></footer>'
    assert tags_of(only) == ["Politik"]


def test_share_buttons_addresses_and_a_site_wide_tag_index_are_not_the_story_s_tags() -> None:
    block = (
        '<div class="tags"><a href="mailto:?s=1">Share this with Email</a>'
        '<a href="/t/ny">New York</a><a href="https://example.com/a/5">https://example.com/a/5</a></div>'
    )
    assert tags_of(block) == ["New York"]
    index = "".join(f'<a href="/t/{n}">Thema {n}</a>' for n in range(60))
    story = '<div class="post-tags"><a href="/t/islam">Islam</a></div>'
    blocks = f'{story}<div class="tagcloud">{index}</div>'
    assert tags_of(blocks) == ["Islam"]
    assert tidy_tags(["bill clinton", "/article"]) == ["bill clinton"]


def test_a_wire_s_distribution_codes_and_the_url_slug_are_not_tags() -> None:
    keywords = [
        "Floods", "NE State Wire", "IA State Wire", "XY Top News", "flood budget approved", "The Wire"
    ]  # fmt: skip
    assert keywords_not_tags(
        keywords, "https://example.com/article/flood-budget-approved-0a1b2c3d4e5f6a7b"
    ) == [
        "Floods",
        "The Wire",
    ]
    # A list that is mostly routing codes: the capitals there are codes too; elsewhere subjects.
    codes = ["AER", "INDG08", "GEN", "PACKAGE:US-TOP-NEWS", "US", "Aviation"]
    assert keywords_not_tags(codes, "https://example.com/a/1") == ["Aviation"]
    assert keywords_not_tags(["NATO", "US", "Defence"], "https://example.com/a/1") == [
        "NATO",
        "US",
        "Defence",
    ]


def test_a_keyword_list_that_is_the_slug_cut_in_words_is_no_tags() -> None:
    url = "https://example.com/local/20240310/123/council-approves-flood-budget.html"
    assert keywords_not_tags(["council", "approves", "flood", "budget"], url) == []
    assert keywords_not_tags(["flood", "budget", "Riverside"], url) == ["flood", "budget", "Riverside"]


def test_topics_in_the_page_footer_a_long_sidebar_index_or_other_stories_are_not_tags() -> None:
    index = "".join(f'<a href="/topic/{n}/">Topic {n}</a>' for n in range(16))
    footer = (
        '<div class="footer-topics"><a href="/kontakt/">Kontakt</a><a href="/impressum/">Impressum</a></div>'
    )
    html = (
        "<html><head><title>Flood budget approved</title></head><body><main><article>"
        f"<h1>Flood budget approved</h1><p>{PROSE}</p>"
        '<div class="tags"><a href="/tag/floods/">Floods</a></div></article>'
        f'<aside><div class="topics">{index}</div></aside>'
        '<div class="related-stories"><div class="tags"><a href="/tag/rail/">Rail</a></div></div></main>'
        f"<footer>{footer}</footer></body></html>"
    )
    assert extract_article(html, "https://example.com/a/3").tags == ["Floods"]
    # A blog's own <footer> inside the post, and a sidebar's few tags, are the story's.
    assert tags_of(
        '<footer class="entry-footer"><div class="tags"><a href="/tag/x/">Rivers</a></div></footer>'
    ) == ["Rivers"]
