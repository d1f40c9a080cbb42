"""Pruning: what is cut from a page before trafilatura reads it."""

from __future__ import annotations

from newscrawl.extraction.dom import parse
from newscrawl.extraction.pruning import Pruning, furniture_nodes

LONG = "<p>" + "A sentence of the story that runs on for a while. " * 20 + "</p>"


def _cut(body: str, drop: list[str] | None = None) -> list[str]:
    tree = parse(f"<html><body>{body}</body></html>")
    found = Pruning(drop or [])(tree)
    return [element.get("id") or element.tag for element in found]


def test_small_furniture_is_cut_and_a_wrapper_of_the_story_is_not() -> None:
    page = (
        "<div id='box' class='share-buttons'>Share</div>"
        "<div id='main' class='post related-wrapper'>" + LONG * 3 + "</div>"
        "<figcaption id='cap'>A harbour at dawn</figcaption>"
        "<iframe id='player'></iframe>"
        f"<noscript id='whole'>{LONG * 3}</noscript>"
    )
    assert _cut(page) == ["box", "cap", "player"]


def test_tags_is_a_whole_class_word_and_the_other_names_are_parts() -> None:
    page = (
        "<ul id='word' class='box tags'><li>Harbour</li></ul>"
        "<ul id='part' class='tagsy'><li>Harbour</li></ul>"
        "<ul id='dashed' class='article-tags-list'><li>Harbour</li></ul>"
        "<p id='plain'>Harbour</p>"
    )
    assert _cut(page) == ["word", "dashed"]


def test_a_site_s_drop_rules_are_read_on_the_whole_page() -> None:
    page = "<aside id='promo'><div id='inner' class='newsletter'>Sign up</div></aside>"
    assert _cut(page, ["//aside"]) == ["inner", "promo"]


def test_the_walk_finds_what_one_xpath_of_the_same_rules_finds() -> None:
    # The rules were one XPath expression before (pruning.py says why they are a walk now).
    page = (
        "<div class='wp-caption-text'>c</div><div class=' breadcrumb '>b</div>"
        "<div class='x&#9;tags&#10;'>t</div><section class='access-wall'>" + LONG * 3 + "</section>"
    )
    tree = parse(f"<html><body>{page}</body></html>")
    xpath = (
        "//iframe | //*[self::figcaption or self::noscript or (@class and ("
        "contains(@class, 'wp-caption-text') or contains(@class, 'breadcrumb')"
        " or contains(@class, 'access-wall')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' tags ')))]"
        "[count(.//p) < 3 and string-length(normalize-space(.)) < 600]"
    )
    assert furniture_nodes(tree) == tree.xpath(xpath)
    assert len(furniture_nodes(tree)) == 3
