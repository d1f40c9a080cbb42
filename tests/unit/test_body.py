"""The body from trafilatura's blocks: one paragraph per block, however the page nests them."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from newscrawl.extraction import extract_article
from newscrawl.extraction.blocks import Body, body_blocks
from newscrawl.extraction.body import clean_body, run_trafilatura, story_blocks
from newscrawl.extraction.container import _paragraph_words, story_container
from newscrawl.extraction.dom import parse

URL = "https://example.com/guides/solar"
PROSE = "This sentence is long enough to count as real prose in the article body here."


def blocks(body: str) -> Body:
    page = f"<html><head><title>Guide</title></head><body><article>{body}</article></body></html>"
    return body_blocks(run_trafilatura(parse(page), URL, []))


def test_trafilatura_leaves_the_page_tree_whole_for_the_selectors_that_read_it_after() -> None:
    # story_blocks hands trafilatura the page itself, not a copy: figures, tags and dates are
    # read from the same tree afterwards, so nothing trafilatura prunes may be missing there.
    page = parse(
        f"""<html><body><article><p>{PROSE}</p>
        <figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
        <div class="share">Share this</div><noscript>Enable scripts</noscript>
        <ul class="tags"><li>Solar</li></ul></article></body></html>"""
    )
    before = lxml_html.tostring(page)
    story_blocks(page, URL, ["//figure"])
    assert lxml_html.tostring(page) == before


def test_nested_list_items_are_each_one_paragraph_not_repeated_in_their_parent() -> None:
    found = blocks(f"""<p>{PROSE}</p>
      <ul><li>Add sardines to your lunch once a week.
            <ul><li>Canned salmon is another great option.</li>
                <li>Salmon with bones has more calcium.</li></ul></li>
          <li>Cook with spinach and collard greens.</li></ul>""")
    assert found.paragraphs == [
        PROSE,
        "Add sardines to your lunch once a week.",
        "Canned salmon is another great option.",
        "Salmon with bones has more calcium.",
        "Cook with spinach and collard greens.",
    ]


def test_a_heading_and_paragraphs_inside_a_list_item_stay_apart() -> None:
    found = blocks(f"""<p>{PROSE}</p>
      <ol><li><h3>Determine your energy needs</h3><p>Count the appliances you will power.</p>
              <p>Use a sizing guide.</p></li>
          <li><h3>Get the permits</h3><p>You need several permits.</p></li></ol>""")
    assert found.paragraphs == [
        PROSE,
        "Determine your energy needs",
        "Count the appliances you will power.",
        "Use a sizing guide.",
        "Get the permits",
        "You need several permits.",
    ]
    assert found.subheadings == ["Determine your energy needs", "Get the permits"]


def test_blocks_inside_a_table_cell_keep_a_space_between_them() -> None:
    found = blocks(f"""<p>{PROSE}</p>
      <table><tr><td><h3>Air Quality</h3><p>This camera shows the valley.</p><a>View</a></td>
                 <td>Open</td></tr></table>""")
    assert found.paragraphs == [PROSE, "Air Quality This camera shows the valley. View Open"]


def test_text_loose_in_the_body_element_is_kept() -> None:
    page = "<html><body>\n  A page whose only text sits straight in the body.\n</body></html>"
    found = body_blocks(run_trafilatura(parse(page), URL, []))
    assert found.paragraphs == ["A page whose only text sits straight in the body."]


def test_repeated_paragraphs_are_the_author_s_not_ours_to_fold() -> None:
    body = Body(paragraphs=[PROSE, PROSE, PROSE])
    assert clean_body(body, "Headline", []).paragraphs == [PROSE, PROSE, PROSE]


def test_a_trailing_subheading_is_a_label_unless_the_body_is_only_headings() -> None:
    labelled = Body(paragraphs=[PROSE, "More news"], subheadings=["More news"])
    assert clean_body(labelled, "Headline", []).paragraphs == [PROSE]
    headings = Body(paragraphs=["Test case 1", "Test case 2"], subheadings=["Test case 1", "Test case 2"])
    cleaned = clean_body(headings, "Headline", [])
    assert cleaned.paragraphs == ["Test case 1", "Test case 2"]
    assert cleaned.subheadings == ["Test case 1", "Test case 2"]
    # A closing sentence set as a heading is the story's last line, not a label.
    last_line = "Relotius legt auf Facebook ein Fake-Profil an. Es stützt seine Version."
    closing = Body(paragraphs=[PROSE, last_line], subheadings=[last_line])
    assert clean_body(closing, "Headline", []).paragraphs == [PROSE, last_line]


def test_a_client_rendered_story_is_read_from_its_script_payload() -> None:
    story = [f"Paragraph {n} of the story. {PROSE}" for n in range(5)]
    state = {"article": {"id": 7, "content": "".join(f"<p>{p}</p>" for p in story)}}
    # Next.js style: the page state as JSON, inside a JavaScript string, '<' escaped.
    payload = json.dumps(json.dumps(state)).replace("<", "\\u003c")
    page = f"""<html><head><title>Story</title><meta property="og:type" content="article">
      </head><body><div id="root"><h1>Story</h1></div>
      <script>self.__next_f.push([1, {payload}])</script></body></html>"""
    article = extract_article(page, URL)
    assert article.body.split("\n\n") == story
    assert article.provenance["body"] == "script-html+trafilatura+cleanup"


def test_a_caption_that_repeats_a_sentence_of_the_story_leaves_the_sentence() -> None:
    sentence = "Collectors are hunting for rare dollar bills, paying up to $150,000 for a misprint."
    caption = sentence.rstrip(".")
    body = Body(paragraphs=[PROSE, sentence, caption, PROSE + " Again."])
    cleaned = clean_body(body, "Headline", [caption, "Photo: Getty"])
    assert cleaned.paragraphs == [PROSE, sentence, PROSE + " Again."]
    alone = Body(paragraphs=[PROSE, caption])
    assert clean_body(alone, "Headline", [caption]).paragraphs == [PROSE]


def test_bylines_and_labelled_timestamps_are_not_body_text() -> None:
    body = Body(
        paragraphs=[
            "Von Nina Magoley",
            "Stand: 22.04.2024, 06:00 Uhr",
            PROSE,
            "Nina Magoley and a colleague reported this story from the fire station in Essen.",
            "Note: 3 people were hurt.",
        ]
    )
    cleaned = clean_body(body, "Headline", [], ["Nina Magoley"])
    assert cleaned.paragraphs == body.paragraphs[2:]


def test_the_headline_repeated_with_a_site_label_is_dropped_near_the_top() -> None:
    headline = "Firefighters to retire later"
    body = Body(
        paragraphs=[
            "Firefighters to retire later | wdr aktuell",
            PROSE,
            "Firefighters to retire later: what the new law means for the 16,000 people affected",
        ]
    )
    assert clean_body(body, headline, []).paragraphs == body.paragraphs[1:]


def test_the_headline_repeated_after_its_kicker_is_dropped_but_a_word_that_ends_alike_stays() -> None:
    headline = "Chiesa ruft zum politischen Widerstand auf"
    kicked = Body(
        paragraphs=["SVP-Sonderparteitag zur MigrationChiesa ruft zum politischen Widerstand auf", PROSE]
    )
    assert clean_body(kicked, headline, []).paragraphs == [PROSE]
    # The page's other headline, the one written for search and social cards, is a repeat too.
    social = "Technologie im Klassenzimmer: Künstliche Intelligenz in der Schule"
    variant = Body(paragraphs=[social, PROSE])
    assert clean_body(variant, "KI in der Schule", [], variants=[social]).paragraphs == [PROSE]
    # A one-word headline ends many a word: 'Chorgeschichte' is not 'Geschichte' again.
    word = Body(paragraphs=["Chorgeschichte", PROSE])
    assert clean_body(word, "Geschichte", []).paragraphs == ["Chorgeschichte", PROSE]


@pytest.mark.parametrize(
    "line",
    [
        "Les også: Tone Damli ofret musikkarrieren for barna",
        "À lire aussi La natalité russe menacée d'effondrement",
        "© dpa-infocom, dpa:230428-99-483045/5",
        "(dmk)",
        "Copyright © AFP 2017-2026. Für die kommerzielle Nutzung ist ein Abonnement erforderlich.",
        "Tu suscripción se está usando en otro dispositivo",
        "3 Minuten Lesezeit",
        "Link zum YouTube-Inhalt",
        "Advertisement Story continues below",
        "Article content",
        "Crédits photos : Bestimage",
        "(Credit: Clayton Aldern / Grist)",
        "VEA TAMBIÉN: Entre heces y guaricha",
        "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
        "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner",
        "Aktualisiert am 17.01.2021.",
        "Freitag, 28.04.2023, 19:25",
        "Weitere Beiträge aus der Kolumne:",
        "This post contains references to products from one or more of our advertisers.",
        "Anzeige, enthält Affiliate Links",
        "Le puede interesar: JEP abrirá tres nuevos macrocasos",
        "Siguenos en Telegram, Instagram, Facebook y Twitter para recibir actualizaciones",
        "Schon gelesen?",
        "This website uses cookies to improve your experience.",
        "Never miss the latest news by signing up to our newsletter today!",
        "Get the latest news from thewest.com.au in your inbox.",
        "___",
        "showPaywallPiano:",
        "false",
        "Fehler gefunden? Jetzt melden.",
        "Do you have a story to tell? Email: newsdesk@example.com",
        "Join our commenting forum",
        "Esta funcionalidad es sólo para suscriptores",
        "기사 URL이 복사되었습니다.",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Mehr zur Lage im Nahen Osten lesen Sie in unserem Liveblog:",
        "❤ WinFuture unterstützen",
        "Feb 2, 2023",
        "Posted on Nov 21, 2018",
        "Posted On",
        "Contents:",
        "Posted in Blockchain, Smart Contract, Technologies",
        "Photo credit: ©iStock.com/gorodenkoff, ©iStock.com/fizkes",
        "featured image: Tetbir Salim via Unsplash",
        "PIN FOR LATER",
        "View author page",
        "Back to Blogs",
        "Estimated reading time:",
        "PUBLISHED",
        "Page 1 of 8",
        "By:",
        "Last updated on September 16th, 2023 at 09:27 am",
        "August 16, 2019 - Updated July 9, 2025",
        "3 MIN. READ",
        "Share this post",
        "Oops! Something went wrong while submitting the form.",
        "Already have an account? Log in",
        "Czytaj więcej",
        "Lesedauer: 4 Minuten",
        "Veröffentlicht am 13. Mai 2026 um 15:44",
        "Sendung: Antenne Brandenburg, 24.04.2024, 15:10 Uhr",
        "02:57 Min.. Verfügbar bis 06.05.2024.",
        "Wie hat Ihnen dieser Artikel gefallen?",
        "Unabhängiger Journalismus braucht deine Unterstützung.",
        "This is a breaking news story - more to follow",
        "Lea más: Juan Carlos Ortega propone legalizar la comercialización",
        "Subscribe now to our eNATION edition for the full story.",
        "For the latest stories download the Nationnews apps for iOS and Android.",
        "If you’re seeing this message but you’re already a subscriber, you can log in.",
        "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
        "Materiał chroniony prawem autorskim - zasady przedruków określa regulamin.",
        "Werden Sie Mitglied bei for me und erhalten Sie exklusive Angebote!",
        "Klicken Sie auf den unteren Button, um den Inhalt von www.komoot.de zu laden.",
        "If you enjoyed reading this post, would you consider supporting our work? Thanks!",
        "We want to hear what you think. Submit a letter to the editor or write to us.",
    ],
)
def test_page_furniture_lines_are_dropped(line: str) -> None:
    assert clean_body(Body(paragraphs=[PROSE, line]), "Headline", []).paragraphs == [PROSE]


@pytest.mark.parametrize(
    "line",
    [
        "Why YouTube changed its rules",
        "The company posted the video on YouTube last week, and a million people watched it.",
        "Les enfants jouent dehors.",
        "No comment was given by the police.",
        "Image quality matters: a guide",
        "Posted into space in 1977, the probe still sends data.",
        "Page 12 of the report lists every school that closed.",
        "The FTC requires bloggers to disclose affiliate links, a rule many of them ignore.",
        "Anzeigen zufolge stieg der Umsatz im dritten Quartal deutlich.",
        "Bake the cookies for ten minutes until golden.",
        "Next, I gather my top-performing newsletters, the ones that made people reply.",
        "In a letter to the editor, Smith wrote that the plan would fail.",
        "Thousands are signing up for the vaccine trial in the city.",
        "The scam e-mail landed in your inbox looking like a bank's, and many readers clicked.",
        "The court found an error in the lower court's ruling and sent the case back.",
        "Mehr als die Hälfte der Befragten sagt, sie lesen Zeitung nur noch online.",
        "Our standards of living have fallen for the third year running, the report says.",
        "The vote is on March 3, 2025",
        "March 3, 2025 was a Monday",
        "Die Lesedauer eines Romans hängt vom Leser ab, sagt die Studie.",
        "The service is available until 2027, the company said.",
        "With the SaaS model, customers subscribe to the software service on a continuing basis.",
        "If you already have an account with a bank or credit union, make sure you have your number.",
        "Circle offers a 14-day free trial on all plans with no credit card required.",
    ],
)
def test_prose_that_mentions_a_platform_or_a_word_of_furniture_stays(line: str) -> None:
    assert clean_body(Body(paragraphs=[PROSE, line]), "Headline", []).paragraphs == [PROSE, line]


def test_an_article_in_noscript_or_told_in_gallery_captions_is_kept() -> None:
    story = "".join(f"<p>Part {n}. {PROSE}</p>" for n in range(4))
    in_noscript = blocks(f"<noscript>{story}</noscript><noscript><img src='/pixel.gif'></noscript>")
    assert all(f"Part {n}." in in_noscript.text for n in range(4))
    gallery = blocks(f"<figure><img src='/a.jpg'><figcaption>{story}</figcaption></figure>")
    assert all(f"Part {n}." in gallery.text for n in range(4))
    captioned = blocks(
        f"{story}<figure><img src='/b.jpg'><figcaption>The mayor, Photo: AP</figcaption></figure>"
    )
    assert "The mayor, Photo: AP" not in captioned.paragraphs


def test_soft_hyphens_and_zero_width_spaces_leave_the_text() -> None:
    found = blocks(f"<p>Die Ver&shy;fas&shy;sungs&shy;be&shy;schwerde&#8203; ist eingelegt. {PROSE}</p>")
    assert found.paragraphs == [f"Die Verfassungsbeschwerde ist eingelegt. {PROSE}"]


def test_loose_text_after_a_heading_is_body_unless_it_is_an_icon_label() -> None:
    found = blocks(f"""<h2>1. CES</h2>Date: January 6-9, 2026<p>{PROSE}</p>
      <h2>2. MWC</h2>Flecha<p>{PROSE} Again.</p>""")
    assert "Date: January 6-9, 2026" in found.paragraphs
    assert "Flecha" not in found.paragraphs


def test_a_closing_bio_of_the_author_is_not_the_story() -> None:
    bio = "Inga Buller ist Head of Social & Community bei CHIP und testet gerne Gadgets."
    mention = "Inga Buller said the test took three weeks and cost more than planned."
    cleaned = clean_body(Body(paragraphs=[PROSE, mention, bio]), "Headline", [], ["Inga Buller"])
    assert cleaned.paragraphs == [PROSE, mention]


def test_a_body_of_nothing_but_a_label_is_emptied_not_an_error() -> None:
    assert clean_body(Body(paragraphs=["Kontakt:"]), "Headline", []).paragraphs == []


def test_a_source_credit_line_is_dropped_but_prose_about_sources_stays() -> None:
    body = Body(paragraphs=[PROSE, "Source: Reuters", "Sources say the deal is close to being signed."])
    assert clean_body(body, "Headline", []).paragraphs == [PROSE, body.paragraphs[2]]


def test_the_story_is_read_from_its_own_container_when_the_page_misleads_trafilatura() -> None:
    # A sidebar box classed like a post body draws trafilatura away from a longer story.
    story = "".join(
        f"<p>Part {n}: the council met on Tuesday and approved the flood budget.</p>" for n in range(30)
    )
    sidebar = "".join(
        f"<p>Related story {n}: the weather and the traffic in the region today.</p>" for n in range(10)
    )
    page = (
        f"<html><body><main><article><h1>Council approves the flood budget</h1>{story}</article></main>"
        f"<div class='sidebar'><div class='entry-content'>{sidebar}</div></div></body></html>"
    )
    found = story_blocks(parse(page), "https://example.com/news/1", [])
    assert "Part 29: the council met" in found.text
    assert "Related story" not in found.text


def test_a_story_wrapped_in_a_class_trafilatura_discards_is_read_from_its_container() -> None:
    # 'bard' (a CMS's rich-text field) holds 'bar', which trafilatura takes for a nav bar.
    story = "".join(
        f"<p>Step {n}: an online course is a virtual learning experience organised into a course format.</p>"
        for n in range(12)
    )
    promo = "".join(
        f"<h3>Benefit {n}</h3><p>Save time on admin with our academy: it automates invites, "
        f"certificates and reports, freeing your time for what matters most, part {n}.</p>"
        for n in range(4)
    )
    page = (
        "<html><body><main><h1>What is an online course?</h1><div class='content'>"
        f"<div class='promo'>{promo}</div><div class='space-y bard'>{story}</div></div></main></body></html>"
    )
    found = story_blocks(parse(page), "https://example.com/knowledge/online-course", [])
    assert "Step 11: an online course" in found.text


def test_a_page_that_prints_the_story_twice_keeps_one_copy() -> None:
    story = [f"Part {n}: remodeling costs in the state vary widely by region and scope." for n in range(10)]
    # Tabs or a narrow-screen copy repeat the whole story after the first.
    body = Body(paragraphs=[PROSE, *story, "Want To Work With Us?", *story])
    assert clean_body(body, "Headline", []).paragraphs == [PROSE, *story, "Want To Work With Us?"]


def test_short_runs_printed_again_are_the_page_s_own() -> None:
    # A training plan's weeks repeat their days; a refrain or a pull quote repeats alone.
    week = ["Monday. Rest Day", "Tuesday. Easy run of forty minutes in zone two, then stretch.", PROSE]
    body = Body(paragraphs=[*week, "Week 2", *week, PROSE])
    assert clean_body(body, "Headline", []).paragraphs == body.paragraphs


def test_the_story_declared_in_json_ld_is_read_where_the_page_shows_a_part_of_it() -> None:
    shown = [f"Paragraph {n} of the guide to online interior design services." for n in range(4)]
    hidden = [f"Service {n} starts you off with a style quiz and asks about the room." for n in range(12)]
    declared = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "The best online interior design services",
        "articleBody": "\n".join(shown + hidden).replace("’", "&rsquo;"),
    }
    page = f"""<html><head><script type="application/ld+json">{json.dumps(declared)}</script></head>
      <body><article><h1>The best online interior design services</h1>
      {"".join(f"<p>{p}</p>" for p in shown)}</article></body></html>"""
    article = extract_article(page, URL)
    assert article.body.split("\n\n") == shown + hidden
    assert article.provenance["body"] == "json-ld+cleanup"


def test_a_declared_story_that_is_another_text_or_no_longer_is_not_taken() -> None:
    shown = [f"Paragraph {n} of the council's report on the flood budget for the town." for n in range(8)]
    paragraphs = "".join(f"<p>{p}</p>" for p in shown)
    for other in (
        "Subscribe to read about something else entirely, a recipe for bread. " * 40,
        "\n".join(shown[:5]),
    ):
        declared = {"@type": "NewsArticle", "headline": "Flood budget", "articleBody": other}
        page = f"""<html><head><script type="application/ld+json">{json.dumps(declared)}</script></head>
          <body><article><h1>Flood budget</h1>{paragraphs}</article></body></html>"""
        article = extract_article(page, URL)
        assert article.body.split("\n\n") == shown
        assert article.provenance["body"] == "trafilatura+cleanup"


def _guide(story: str, before: str = "", after: str = "") -> str:
    return (
        f"<html><body><div class='hero'><h1>The guide to the city's new restaurants</h1></div>{before}"
        f"<div class='page-footer'><div class='venues'>{story}</div></div>{after}</body></html>"
    )


def _numbered(template: str, count: int) -> str:
    return "".join(template.format(n=n) for n in range(count))


def test_a_story_in_no_article_element_is_read_from_the_block_holding_most_of_the_text() -> None:
    # A sidebar box classed like a post body draws trafilatura away from the list of reviews.
    story = _numbered(
        "<div class='venue'><h3>Venue {n}</h3><p>Venue {n} serves a small menu of irresistible "
        "dishes, weaving other influences into the mix.</p></div>",
        30,
    )
    sidebar = _numbered("<p>Related story {n}: the weather and the traffic in the city today.</p>", 10)
    page = _guide(story, after=f"<div class='sidebar'><div class='entry-content'>{sidebar}</div></div>")
    found = story_blocks(parse(page), URL, [])
    assert "Venue 29 serves a small menu" in found.text
    assert "Related story" not in found.text


def test_readers_comments_menus_and_the_header_do_not_hold_the_story() -> None:
    story = "<p>The city's dining scene is back in a big way, with new stars and old favourites.</p>"
    comments = _numbered(
        "<li class='comment'><p>Comment {n}: I went there last week and the food was cold, "
        "the service slow and the bill far too high for what it was.</p></li>",
        20,
    )
    menu = _numbered("<p><a href='/s/{n}'>Section {n} of the site and its many pages</a></p>", 30)
    teasers = menu.replace("<a ", "<b ").replace("</a>", "</b>")
    for page in (
        _guide(story, after=f"<div class='discussion'><ol class='commentlist'>{comments}</ol></div>"),
        _guide(story, after=f"<div class='row'>{menu}</div>"),
        # Before the headline: the page's header, however much it says.
        f"<html><body><div class='mega'>{teasers}</div>" + _guide(story).removeprefix("<html><body>"),
    ):
        container = story_container(parse(page))
        assert container is None or "dining scene is back" in container.text_content()
    # An opinion piece's 'commentary' is the story, not readers' comments.
    opinion = _numbered("<p>Part {n} of the columnist's view on the city's dining.</p>", 10)
    container = story_container(parse(_guide(f"<div class='commentary-body'>{opinion}</div>")))
    assert container is not None and container.get("class") == "commentary-body"


def test_paragraphs_inside_the_headline_do_not_break_the_search_for_the_story() -> None:
    page = "<html><body><div><h1><span><p>A headline set in a paragraph</p></span></h1></div></body></html>"
    container = story_container(parse(page))
    assert container is not None and container.tag in ("h1", "div")


def test_the_words_each_block_holds_are_summed_from_its_paragraphs_leaving_comments_out() -> None:
    tree = parse(
        "<html><body><div id='a'><p>one two</p><div id='b'><p>three four five</p></div></div>"
        "<div id='c'><p>six <p>seven</p></p></div>"
        "<div id='comments'><div id='d'><p>eight nine</p></div></div></body></html>"
    )
    words = {node.get("id") or node.tag: count for node, count in _paragraph_words(tree).items()}
    assert words["a"] == 5 and words["b"] == 3 and words["body"] == words["html"] == 5 + words["c"]
    assert "comments" not in words and "d" not in words


def test_the_page_s_h1_and_its_whole_title_are_headline_repeats_too_where_another_headline_won() -> None:
    declared = "Council approves the flood budget after a long night"
    shown = "What the money buys"
    title = f"{declared} | Politics | Example | 23.05.2011"
    script = json.dumps({"@type": "NewsArticle", "headline": declared})
    story = "".join(f"<p>Paragraph {n}. {PROSE}</p>" for n in range(4))
    page = f"""<html><head><title>{title}</title><meta property="og:title" content="{declared}">
      <script type="application/ld+json">{script}</script></head><body><article><h1>{shown}</h1>
      <p>{shown}</p><p>{title}</p>{story}</article></body></html>"""
    article = extract_article(page, URL)
    assert article.headline == declared
    assert shown not in article.body and title not in article.body
    assert article.body.startswith("Paragraph 0.")
