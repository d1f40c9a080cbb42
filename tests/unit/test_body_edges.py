"""The edges of a body: paragraphs of text without <p>, the headline block at its top, and the
sources and promotions at its end."""

from __future__ import annotations

from newscrawl.article import PARAGRAPH, SUBHEADING
from newscrawl.extraction.blocks import Body, body_blocks
from newscrawl.extraction.body import clean_body, is_dump, run_trafilatura, story_blocks
from newscrawl.extraction.bodytop import headline_block, linked_headings, not_subheadings
from newscrawl.extraction.dom import parse
from newscrawl.extraction.endmatter import end_matter_start

URL = "https://example.com/news/2024/03/14/ferry"
PROSE = "This sentence is long enough to count as real prose in the article body here."
HEADLINE = "Dockers walk out at the container port over night shifts"


def read(story: str) -> Body:
    page = f"<html><head><title>Ferry</title></head><body><div class='story'>{story}</div></body></html>"
    return body_blocks(run_trafilatura(parse(page), URL, []))


def test_double_line_breaks_end_paragraphs_and_inline_links_stay_in_their_sentence() -> None:
    found = read(
        f"{PROSE} The review found that <a href='/a'>fewer than twenty passengers</a> used them.<br><br>"
        "Nurses at the <a href='/b'>district hospital</a> said the change would leave them stranded."
        "<br/><br/>"
        f"{PROSE} {PROSE}"
    )
    assert found.paragraphs == [
        f"{PROSE} The review found that fewer than twenty passengers used them.",
        "Nurses at the district hospital said the change would leave them stranded.",
        f"{PROSE} {PROSE}",
    ]


def test_a_single_line_break_is_a_line_of_the_same_paragraph() -> None:
    found = read(f"<p>{PROSE}</p><p>Monday, 6 pm, Central Library<br>Thursday, 6 pm, Eastside Hall</p>")
    assert found.paragraphs == [PROSE, "Monday, 6 pm, Central Library\nThursday, 6 pm, Eastside Hall"]


def test_a_one_paragraph_dump_is_read_again_from_the_story_container_in_its_blocks() -> None:
    # A header menu left open (<button> unclosed) swallows the page: trafilatura then hands back
    # the whole <article> as one paragraph, menus and bylines included.
    story = "".join(f"<h2>Part {n}</h2><p>{PROSE} {PROSE} {PROSE}</p>" for n in range(12))
    page = parse(
        "<html><body><header><button>Menu<div><a href='/'>Home</a></div><main><article>"
        f"<div class='toc'>Table of Contents Expand</div><h1>Ferry timetable cut</h1>{story}"
        "</article></main></body></html>"
    )
    first = body_blocks(run_trafilatura(page, URL, [], fast=True))
    assert is_dump(first)
    found = story_blocks(page, URL, [])
    assert not is_dump(found)
    assert found.subheadings[-2:] == ["Part 10", "Part 11"]
    assert not any("Menu" in paragraph for paragraph in found.paragraphs)


def test_the_kicker_and_a_reworded_headline_at_the_top_are_the_headline_block() -> None:
    paragraphs = ["Night-shift dispute: Dockers walk out at container port", PROSE, "What the union wants"]
    assert headline_block(paragraphs, [HEADLINE]) == {0}
    assert headline_block(["FAQ", "Dockers walk out at container port", PROSE], [HEADLINE]) == {0, 1}


def test_a_heading_that_echoes_the_headline_below_the_first_prose_is_the_storys_own() -> None:
    # 'Office for Budget Responsibility: What is the OBR and what does it do?' over an explainer.
    headline = "Office for Budget Responsibility: What is the OBR and what does it do?"
    paragraphs = [f"{PROSE} {PROSE}", "What is the OBR and what does it do?", PROSE]
    assert headline_block(paragraphs, [headline]) == set()


def test_a_sentence_sharing_the_headlines_words_is_not_the_headline_block() -> None:
    assert headline_block(["Dockers walk out at the container port.", PROSE], [HEADLINE]) == set()


def test_a_line_with_the_headlines_words_in_another_order_is_not_the_headline_block() -> None:
    # A film's title over its review, under the headline 'Derek Jarman · The Garden'.
    assert headline_block(["The Garden · Derek Jarman (1990)", PROSE], ["Derek Jarman · The Garden"]) == set()


def test_the_standfirst_and_a_heading_that_links_to_another_story_are_paragraphs() -> None:
    tree = parse(
        "<html><body><h3><a href='/other-story'>Port expansion plan wins approval</a></h3>"
        "<h2><a href='#why'>Why it matters</a></h2><h2>What the union wants</h2></body></html>"
    )
    linked = linked_headings(tree)
    standfirst = "Hundreds of dockers stopped work on Monday in protest at a new rota."
    texts = [standfirst, "Port expansion plan wins approval", "Why it matters", "What the union wants"]
    kinds = not_subheadings(texts, [SUBHEADING] * 4, standfirst, linked)
    assert kinds == [PARAGRAPH, PARAGRAPH, SUBHEADING, SUBHEADING]


def test_clean_body_keeps_a_standfirst_as_text_but_not_as_a_subheading() -> None:
    standfirst = "Hundreds of dockers stopped work on Monday in protest at a rota that doubles night shifts."
    body = Body(paragraphs=[standfirst, PROSE], subheadings=[standfirst])
    cleaned = clean_body(body, HEADLINE, [], description=standfirst)
    assert cleaned.paragraphs == [standfirst, PROSE]
    assert cleaned.subheadings == []


def test_a_sources_credit_line_and_numbered_citations_at_the_end_are_end_matter() -> None:
    assert end_matter_start([PROSE, PROSE, "Sources: Port operator, Dockers' Union"]) == 2
    cited = [PROSE, PROSE, "1. Smith, J. (2019). Ports at night.", "2. Retrieved from https://example.org/r"]
    assert end_matter_start(cited) == 2


def test_a_closing_paragraph_or_a_numbered_list_of_the_storys_own_is_not_end_matter() -> None:
    closing = [PROSE, "The source of the trouble, she said, was the rota itself: nobody had asked the crews."]
    assert end_matter_start(closing) == 2
    steps = [PROSE, "1. Book a slot at the port.", "2. Show the booking (2024) at the gate, accessed online."]
    assert end_matter_start(steps) == 3
    # A bare label and its list: kept, as people who build datasets keep it.
    assert end_matter_start([PROSE, PROSE, "Sources", "Nigel Price, owner of a coffee shop"]) == 4


def test_clean_body_drops_the_end_matter_but_not_a_body_that_is_nothing_else() -> None:
    body = Body(paragraphs=[PROSE, PROSE, "Sources: Port operator, Dockers' Union"])
    assert clean_body(body, HEADLINE, []).paragraphs == [PROSE, PROSE]
    only = Body(paragraphs=["1. Smith, J. (2019). Ports at night, a study of dock work in five cities."])
    assert clean_body(only, HEADLINE, []).paragraphs == only.paragraphs
