"""Choosing the headline among the page's witnesses."""

from __future__ import annotations

from datetime import date

from lxml import html

from newscrawl.extraction import extract_article
from newscrawl.extraction.headline import choose_headline
from newscrawl.extraction.shownheadline import heading_text, page_h1s
from newscrawl.extraction.sitelabels import section_labels, strip_site_name

SITE = "example.com"


def choose(h1: str | None, **declared: str) -> tuple[str, str]:
    sources = {"json_ld": "json-ld", "og": "meta:og:title", "twitter": "meta:twitter:title", "title": "title"}
    candidates: list[tuple[str | None, str]] = [
        (declared.get(key), source) for key, source in sources.items()
    ]
    return choose_headline(candidates, [h1] if h1 else [], SITE, "Example News")


def test_search_titles_are_one_witness_so_the_shown_headline_wins_the_tie() -> None:
    seo = "Best Budget Earbuds 2025 - Top 10 Picks"
    assert choose("Ten earbuds we tested and liked", og=seo, twitter=seo, title=f"{seo} | Example News") == (
        "Ten earbuds we tested and liked",
        "h1",
    )


def test_the_displayed_headline_wins_however_many_other_titles_agree() -> None:
    story = "Council approves the flood budget after a long night"
    assert choose(story, json_ld=story, og="Flood budget approved")[0] == story
    candidates: list[tuple[str | None, str]] = [(story, "json-ld"), (story, "hint")]
    assert choose_headline(candidates, ["Flood money: the council's long night"], SITE, None) == (
        "Flood money: the council's long night",
        "h1",
    )


def test_without_a_displayed_headline_two_witnesses_beat_one() -> None:
    story = "Council approves the flood budget after a long night"
    candidates: list[tuple[str | None, str]] = [(story, "json-ld"), (story, "hint"), ("Flood money", "title")]
    assert choose_headline(candidates, [], SITE, None)[0] == story


def test_a_label_the_h1_prints_stays_where_the_markup_says_it_too() -> None:
    shown = "Opinion: our libraries are the last free indoor public space"
    assert choose(shown, json_ld=shown, title=f"Opinion | {shown[9:]} | Example News") == (shown, "h1")


def test_json_ld_that_copies_the_search_title_is_no_second_witness_against_the_h1() -> None:
    seo = "Health And Nutrition Trends For 2026"
    shown = "Top 10 Health and Nutrition Trends to Watch"
    assert choose(shown, json_ld=seo, og=seo, title=f"{seo} - Example News") == (shown, "h1")
    # A banner <h1> that shares no word with them is outvoted as before.
    assert choose("Return to Nationwide Website", json_ld=seo, og=seo)[0] == seo
    # So is an <h1> that the declared headline holds after its kicker.
    kicked = "Akkutechnik: Hat Quantumscape genug Akkus gebaut?"
    assert choose("Hat Quantumscape genug Akkus gebaut?", json_ld=kicked, og=kicked)[0] == kicked


def test_without_h1_a_tie_goes_to_the_search_title() -> None:
    assert choose(None, json_ld="Pendler sparen 60 Prozent", og="Pendler zahlen weniger") == (
        "Pendler zahlen weniger",
        "meta:og:title",
    )


def test_the_h1_keeps_its_typography_but_not_its_letter_case() -> None:
    assert (
        choose("Why hasn’t tutoring worked?", og="Why hasn't tutoring worked?")[0]
        == "Why hasn’t tutoring worked?"
    )
    assert choose("TIPS FOR ONLINE SUCCESS", og="Tips for Online Success")[0] == "Tips for Online Success"


def test_an_h1_in_capitals_gives_way_to_a_headline_written_in_mixed_case() -> None:
    seo = "GAAP Compliance: Applying Accounting Best Practices To Your Business"
    assert choose("SUPPORTING GAAP COMPLIANCE", og=seo, title=seo)[0] == seo
    # Where the markup too writes it in capitals, the capitals are the headline's own.
    shouted = "ORSO MARSICANO: UN ANNO DA RECORD"
    assert choose(shouted, og=shouted, title=f"{shouted} | Example News")[0] == shouted
    assert choose("TEN WAYS TO SAVE WATER", og="TEN WAYS TO SAVE WATER")[0] == "TEN WAYS TO SAVE WATER"


def test_an_h1_of_a_paragraph_is_no_headline() -> None:
    teaser = " ".join(["Learn which home renovations pay back and how to work out what yours is worth."] * 3)
    seo = "The 10 Best Home Improvement Projects of 2023"
    assert choose(teaser, json_ld=seo, og=seo, title=f"{seo} | Example News")[0] == seo
    assert choose(teaser, og=seo)[0] == seo


def test_site_name_prefixes_and_suffixes_go() -> None:
    assert (
        strip_site_name("Flood budget approved | Example News", SITE, "Example News")
        == "Flood budget approved"
    )
    assert strip_site_name("Example - Flood budget approved", SITE, None) == "Flood budget approved"
    assert strip_site_name("Budget: what changes", SITE, None) == "Budget: what changes"
    # A site name longer than its domain: a club's hyphenated domain, a possessive.
    club = "EFC Bayrische Bembel Regensburg - Eintracht stellt Weichen"
    assert strip_site_name(club, "bayrische-bembel.de", None) == "Eintracht stellt Weichen"
    home = "Gregory Szorc's Digital Home | Mercurial's Journey to Python 3"
    assert strip_site_name(home, "gregoryszorc.com", None) == "Mercurial's Journey to Python 3"


def test_a_short_h1_is_the_headline_where_another_witness_says_it_too() -> None:
    declared: list[tuple[str | None, str]] = [("Über uns", "meta:og:title"), ("Über uns – Example", "title")]
    h1s = ["Über uns", "Auswahl des künstlerischen Schaffens und Scheiterns"]
    assert choose_headline(declared, h1s, SITE, "Example")[0] == "Über uns"
    # <title> alone does not make a section's <h1> the headline.
    story = "Auf das erste Elektron kommt es an"
    assert choose("News", og=story, title="News - Example")[0] == story


def test_a_search_title_with_an_unknown_label_agrees_with_the_headline_it_starts_with() -> None:
    story = "민주당 '선호투표제' 도입 또다시 불발"
    labelled = f"{story}-정치ㅣ한국일보"
    assert choose(None, json_ld=story, og=labelled, twitter=labelled, title=labelled) == (story, "json-ld")
    # A subtitle after a colon in the declared headline itself is part of it.
    subtitled = "Renovation costs in the Bay Area: a room-by-room breakdown"
    assert choose(subtitled, og="Renovation costs in the Bay Area")[0] == subtitled


def test_invisible_typesetting_characters_leave_the_headline() -> None:
    assert choose("Helikopter\u00adlandeplatz beim Weissen Haus geplant", og="x")[0] == (
        "Helikopterlandeplatz beim Weissen Haus geplant"
    )


def test_a_kicker_and_screen_reader_text_inside_the_h1_are_not_the_headline() -> None:
    srf_like = html.fragment_fromstring(
        '<h1><span class="article-title__overline">Eskalation im Nahen Osten</span>'
        '<span class="h-offscreen"> - </span>'
        '<span class="article-title__text">Die Zurückhaltung hat viel mit den USA zu tun</span></h1>'
    )
    assert heading_text(srf_like) == "Die Zurückhaltung hat viel mit den USA zu tun"
    # A separator the page hides some other way is left at the start; it goes too.
    hidden_colon = html.fragment_fromstring(
        '<h1><span class="kicker">Entwurf des Gesetzes</span><span class="hide">: </span>'
        "<span>Ein bisschen Fortschritt</span></h1>"
    )
    assert heading_text(hidden_colon) == "Ein bisschen Fortschritt"
    # A heading that is nothing but its kicker-classed wrapper keeps its text.
    wrapped = html.fragment_fromstring('<h1><span class="kicker-wrap">Flood budget approved</span></h1>')
    assert heading_text(wrapped) == "Flood budget approved"
    # Where the line so classed is the longer one, it is the headline, not a kicker above it.
    topline = html.fragment_fromstring(
        '<h1><span class="reader__subline">Arms exports<span class="visually-hidden">:</span></span>'
        ' <span class="reader__topline">Palestinian files a constitutional complaint</span></h1>'
    )
    assert heading_text(topline) == "Arms exports: Palestinian files a constitutional complaint"


def test_a_kicker_the_h1_sets_before_the_headline_gives_way_to_the_declared_headline() -> None:
    story = "Große Aufgaben für die neue Regierung"
    assert choose(f"Tunesien {story}", og=story) == (story, "h1")
    assert choose(f"Blog: {story}", json_ld=story)[0] == story
    # A headline's own first word is not a kicker, and a longer declared headline is not cut.
    assert choose("The Best Home Security Cameras of 2026", og="Best Home Security Cameras of 2026")[0] == (
        "The Best Home Security Cameras of 2026"
    )
    # Where the declared headline has the kicker too, the kicker stays (with its colon).
    assert choose(f"Tunesien {story}", og=f"Tunesien: {story}")[0] == f"Tunesien: {story}"


def test_h1s_in_dialogs_or_for_screen_readers_only_are_not_the_page_s() -> None:
    page = html.fromstring(
        "<html><body><h1 class='aural'>Navigation und Service</h1>"
        "<dialog><h1>Select an option</h1></dialog><article><h1>Radon maps get sharper</h1></article>"
        "</body></html>"
    )
    assert page_h1s(page) == ["Radon maps get sharper", "Radon maps get sharper"]


def test_an_h1_that_ends_in_a_colon_introduces_something_else() -> None:
    story = "The fold-and-cut problem"
    h1s = ["Erik's folding and unfolding pages:", story]
    assert choose_headline([(f"{story} (Erik)", "title")], h1s, SITE, None)[0] == story


def test_a_label_naming_the_section_the_page_is_filed_under_goes() -> None:
    url = "https://example.com/story/opinion/contributors/2025/12/19/meditation-health-benefits-physical-mental/87830855007/"
    sections = section_labels(url, "Wellbeing")
    assert {"opinion", "contributors", "wellbeing"} <= sections
    story = "How meditation rewires brains"
    assert strip_site_name(f"{story} | Opinion", SITE, None, sections) == story
    assert strip_site_name(f"Wellbeing - {story}", SITE, None, sections) == story
    # Neither the year folder nor the story's own slug are labels.
    assert "2025" not in sections and "meditationhealthbenefitsphysicalmental" not in sections
    assert strip_site_name(f"2025 – {story}", SITE, None, sections) == f"2025 – {story}"


def test_an_h1_that_prints_the_title_loses_its_labels_too() -> None:
    story = "How to help babies sleep through the night"
    printed = f"{story} | Patient Education | UC Davis Children's Hospital"
    url = "https://health.ucdavis.edu/children/patient-education/helping-children-sleep"
    sections = section_labels(url, None)
    got = choose_headline([(printed, "title")], [printed], "health.ucdavis.edu", None, sections)
    assert got == (story, "h1")


def test_a_site_named_by_its_initials_is_a_site_label() -> None:
    assert (
        strip_site_name("Climate Change | Economic Research Service", "ers.usda.gov", None)
        == "Climate Change"
    )
    # A phrase is not a name, even where its initials spell the domain.
    assert (
        strip_site_name("Climate Change | each row stays", "ers.usda.gov", None)
        == "Climate Change | each row stays"
    )


def test_a_domain_before_the_headline_goes_but_one_inside_it_stays() -> None:
    assert strip_site_name("example.com Vibe Coding", SITE, None) == "Vibe Coding"
    assert strip_site_name("15 Jahre example.com", SITE, None) == "15 Jahre example.com"


def test_escaped_entities_markdown_marks_and_stars_leave_the_headline() -> None:
    assert choose(None, og="Data tools: Python, SQL &#x26; AI")[0] == "Data tools: Python, SQL & AI"
    assert (
        choose(None, og="## Regolith binding for Martian concrete")[0]
        == "Regolith binding for Martian concrete"
    )
    assert choose(None, og="Home gym must haves ⋆")[0] == "Home gym must haves"
    assert choose(None, og="Pferdesport bei Olympia dabei -")[0] == "Pferdesport bei Olympia dabei"
    # Guillemets are quotes, not separators.
    assert choose(None, og="« Les privatisations profitent aux actionnaires »")[0] == (
        "« Les privatisations profitent aux actionnaires »"
    )


def test_a_line_break_in_the_h1_shows_as_a_space() -> None:
    heading = html.fromstring("<h1>Top MBA Programs of 2025 (US)<br>Your Guide</h1>")
    assert heading_text(heading) == "Top MBA Programs of 2025 (US) Your Guide"


def test_of_several_h1s_the_one_another_witness_confirms_is_the_story_s() -> None:
    story = "How to find the right software business for sale"
    h1s = ["Resources for buying and selling online businesses", story]
    assert choose_headline([(story, "meta:og:title")], h1s, SITE, None) == (story, "h1")


def test_quotes_around_the_whole_or_a_final_stop_do_not_make_the_declared_form_better() -> None:
    story = "What is Git and how does version control work?"
    assert choose(story, json_ld=f'"{story}"', og=story)[0] == story
    assert choose("Things to know before you go.", og="Things to know before you go")[0] == (
        "Things to know before you go."
    )


def test_a_title_only_search_engines_get_loses_a_last_part_that_names_an_unknown_site() -> None:
    # The site calls itself neither 'example' nor 'Example News' here, as many blogs do.
    assert choose(None, title="Was ist virales Marketing? | DimidoBlog") == (
        "Was ist virales Marketing?",
        "title",
    )
    assert choose(None, og="Code coverage for the frontend | Code | Nicolas Perriault")[0] == (
        "Code coverage for the frontend | Code"
    )
    # Where the site's name was found and taken off, what is left is the headline's own.
    assert choose(None, title="Zwei Rücktritte | Ahrtal | Example News")[0] == "Zwei Rücktritte | Ahrtal"
    assert choose(None, og="Zwei Rücktritte | Ahrtal", title="Zwei Rücktritte | Ahrtal | Example News")[
        0
    ] == ("Zwei Rücktritte | Ahrtal")
    # Where the page shows the same title, the reader sees that part: it stays.
    assert choose(
        "Lemon trees from seed | A step-by-step guide", og="Lemon trees from seed | A step-by-step guide"
    )[0] == ("Lemon trees from seed | A step-by-step guide")


def test_a_site_under_a_country_domain_is_named_by_its_own_label_not_its_subdomain() -> None:
    title = "Was ist Freie Software - MyOOS Community Forum"
    assert strip_site_name(title, "foren.myoos.de", None) == "Was ist Freie Software"
    assert strip_site_name("Budget approved | BBC News", "news.bbc.co.uk", None) == "Budget approved"
    # 'com' of 'example.com.au' is no name: it would make 'Comments' a label.
    assert strip_site_name("Budget approved | Comments", "example.com.au", None).endswith("Comments")


def test_wordpress_blog_archive_labels_go() -> None:
    title = "Four Years Remaining » Blog Archive » Interning of Small Integers in Python"
    assert strip_site_name(title, "fouryears.eu", None) == "Interning of Small Integers in Python"
    # The site's name before the theme's label goes even where the domain does not spell it.
    assert strip_site_name("Time 4 talks » Blog Archiv » Kinos", "archive.org", None) == "Kinos"


def test_a_segment_left_empty_between_separators_goes_with_its_label() -> None:
    title = "Katzendecke, zweilagig mit Namen | | ✂ Uniqz®"
    assert strip_site_name(title, "uniqz.de", None) == "Katzendecke, zweilagig mit Namen"


def test_an_h1_that_sets_the_search_title_over_the_story_headline_shows_the_story_headline() -> None:
    seo = "Adblue nachfüllen: wo kaufen (Tankstelle); Preis"
    story = "So wird Adblue richtig angewendet"
    assert choose(f"{seo} {story}", json_ld=story, og=seo, title=f"{seo} | Example News") == (story, "h1")


def test_a_page_with_an_h1_for_every_box_shows_no_headline_by_them() -> None:
    story = "The EU’s Green Deal is not enough"
    boxes = ["€5", "€10", "€20", "other", "Democracy in Europe Movement 2025"]
    got = choose_headline([(story, "meta:og:title"), (story, "title")], boxes, SITE, None)
    assert got == (story, "meta:og:title")
    # One of them that another witness says is still the story's.
    got = choose_headline([(story, "meta:og:title")], [*boxes, story], SITE, None)
    assert got == (story, "h1")


def test_a_tagline_after_the_site_name_goes_with_it() -> None:
    title = "Bielersee-Winterhechte | petri-heil.ch | Dein Schweizer Fischereimagazin"
    assert strip_site_name(title, "petri-heil.ch", None) == "Bielersee-Winterhechte"
    # Not a tagline: the site's name is not in the title.
    assert (
        strip_site_name("Hechte | Bielersee | Winter", "petri-heil.ch", None) == "Hechte | Bielersee | Winter"
    )


def test_a_meta_title_cut_short_by_an_unescaped_quote_gives_way_to_the_whole() -> None:
    whole = 'Senador republicano califica a Biden de "incapacitado"'
    cut = "Senador republicano califica a Biden de"
    assert choose(None, og=cut, twitter=cut, title=f"{whole} | Example News") == (whole, "meta:og:title")


def test_an_archived_copy_is_read_as_the_page_it_was_taken_of() -> None:
    story = "Weitere Digitalisierung der Schweizer Kinos"
    paragraph = (
        "<p>" + "Die Kinos stellen ihre Projektoren auf digitale Technik um, Saal um Saal. " * 8 + "</p>"
    )
    page = f"""<html><head><title>Time 4 Talks » Blog Archiv » {story}</title></head><body>
        <div class="masthead"><h1>Time 4 Talks</h1></div>
        <article><h2>{story}</h2>{paragraph}</article></body></html>"""
    copy = "https://web.archive.org/web/20140226054445/http://www.time4talks.com/2013/08/07/kinos/"
    article = extract_article(page, copy, strict=False)
    assert (article.site, article.headline) == ("time4talks.com", story)
    assert article.published_date == date(2013, 8, 7)
