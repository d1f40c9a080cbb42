"""Bylines to people: prefixes, initials and stray picture credits removed, names split."""

import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.authors import clean_authors
from newscrawl.extraction.choices import login_names, unglued_names, writers
from newscrawl.extraction.publisher import is_publisher


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Von Katrin Vogel und Peter Kunz"], ["Katrin Vogel", "Peter Kunz"]),
        (["Elena Oberholzer (obe)", "Oliver Maksan (oma)"], ["Elena Oberholzer", "Oliver Maksan"]),
        (["Autor Monika Bolliger"], ["Monika Bolliger"]),
        (["Emma Mackenzie", "(Image: Getty Images/iStockphoto)"], ["Emma Mackenzie"]),
        (["Jane Doe", "jane doe"], ["Jane Doe"]),
        (["Corina Gall (cog.)"], ["Corina Gall"]),
        (["신현주 기자"], ["신현주"]),
        (["Silverback Strategies, October 3, 2025"], ["Silverback Strategies"]),
        # What a byline's date leaves once the split took its year; 'May' may be a surname.
        (["Jordana Cepelewicz December", "Cazzy Magennis Last"], ["Jordana Cepelewicz", "Cazzy Magennis"]),
        (["Supermove February 8", "Haley Hoekstra • March"], ["Supermove", "Haley Hoekstra"]),
        (["Brian May"], ["Brian May"]),
        (["Vom Krimiblogger", "Sara Zinnecker Stand"], ["Krimiblogger", "Sara Zinnecker"]),
        # A month's abbreviation is a date's leftover too; 'Jan' is a given name as often.
        (["Ashok Pradhan, TNN, Apr 7", "Dec"], ["Ashok Pradhan", "TNN"]),
        (["Jan"], ["Jan"]),
        # A job after the name goes; 'Staff' stays where it ends a desk's name.
        (
            ["Rachel MacDonald Writer", "Liz Kenny Former McKinsey Consultant"],
            ["Rachel MacDonald", "Liz Kenny"],
        ),
        (["GARY B. GRAVES, AP Sports Writer"], ["GARY B. GRAVES"]),
        (["Podium Staff", "Jane Roe, Staff Reporter"], ["Podium Staff", "Jane Roe"]),
        # A template's placeholder and a commenter are nobody's byline.
        (["No Author", "Art Edwards says"], []),
        (["page.head.extra.author", "Page Head Extra Author", "{{ post.author }}", "The Author"], []),
        # A link to the writer's page read as the byline, a button, an address against spam.
        (
            ["Zeige alle Beiträge von Petra Ruland", "View all posts by Jane Doe"],
            ["Petra Ruland", "Jane Doe"],
        ),
        (["Zum Profil von jesusfreak jesusfreak", "Interview Julia Lauter"], ["jesusfreak", "Julia Lauter"]),
        (["Follow", "On", "cipha[at]cipha.net", "Houzz Deutschland vor"], ["Houzz Deutschland"]),
        (
            ["Authors: Valentin Lobstein", "Giovanni Gaggero, 12/10/2020"],
            ["Valentin Lobstein", "Giovanni Gaggero"],
        ),
        # A handle is somebody's name as the site shows it.
        (["sara.r.peter"], ["sara.r.peter"]),
        (["Recipe by PJ Hamel", "This post was written by Danielle Padula"], ["PJ Hamel", "Danielle Padula"]),
        (["Mayank Gupta, CEO of CaseBasix", "Jo Ng, Head of Growth"], ["Mayank Gupta", "Jo Ng"]),
        # Quotes a template set around the name; the initials an avatar shows before it.
        (['"David Kim"', "“Ana Ruiz”"], ["David Kim", "Ana Ruiz"]),
        (["CM Craig McCarthy", "MAL Mary Ann Lee"], ["Craig McCarthy", "Mary Ann Lee"]),
        (["DJ Khaled", "PJ Hamel"], ["DJ Khaled", "PJ Hamel"]),
        # An abbreviation keeps its full stop, and 'e.' of one is not Italian's 'and'; a
        # sentence's full stop goes.
        (["Perry Bacon Jr.", "Joe S.", "Jane Doe."], ["Perry Bacon Jr.", "Joe S.", "Jane Doe"]),
        (
            ["Bund der Energieverbraucher e.V.", "Gustavo E. Méndez"],
            ["Bund der Energieverbraucher e.V.", "Gustavo E. Méndez"],
        ),
        (["Paolo e Francesca", "Auteur Anna Kubišta"], ["Paolo", "Francesca", "Anna Kubišta"]),
        # Degrees and certifications after a name are no writers of their own: they stay with
        # the name they qualify. Alone, a name is a name.
        (
            ["Jillian Kubala, MS, RD", "Grant Tinsley, Ph.D.", "Shelby Loos, DVM", "Rebecca Lane, CEPF®"],
            ["Jillian Kubala, MS, RD", "Grant Tinsley, Ph.D.", "Shelby Loos, DVM", "Rebecca Lane, CEPF®"],
        ),
        (["Rui Ma", "Ma"], ["Rui Ma", "Ma"]),
        # A blog engine's default account is nobody's name; a user name built on it may be.
        (["admin", "By Administrator", "Webmaster", "q_admin"], ["q_admin"]),
        # The group a writer signs for is not a second writer.
        (
            ["Mar. 4, 2024 · Jane Doe on behalf of", "Sam Roe on behalf of the Docs team"],
            ["Jane Doe", "Sam Roe"],
        ),
    ],
)
def test_clean_authors(raw: list[str], names: list[str]) -> None:
    assert clean_authors(raw) == names


def test_the_publisher_beside_a_reporter_is_not_an_author() -> None:
    page = """<html><head><title>Flood budget approved</title>
      <meta property="og:site_name" content="Hankook Ilbo">
      <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Flood budget approved",
        "datePublished": "2026-01-29", "author": [{"name": "Hankook Ilbo"}, {"name": "Jeff Tk"}]}</script>
      </head><body><article><h1>Flood budget approved</h1><p>%s</p></article></body></html>""" % (
        "The council met on Tuesday and approved the flood budget after a long night. " * 12
    )
    assert extract_article(page, "https://www.hankookilbo.com/news/1").authors == ["Jeff Tk"]
    # Alone, the publisher is the author; and a writer is not the site that carries his name.
    alone = page.replace(', {"name": "Jeff Tk"}', "")
    assert extract_article(alone, "https://www.hankookilbo.com/news/1").authors == ["Hankook Ilbo"]
    assert extract_article(page, "https://www.jefftk.com/p/1").authors == ["Hankook Ilbo", "Jeff Tk"]


def test_a_byline_on_the_page_names_the_writer_where_the_markup_names_only_the_publisher() -> None:
    page = """<html><head><title>Flood budget approved</title>
      <meta property="og:site_name" content="Hankook Ilbo">
      <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Flood budget approved",
        "datePublished": "2026-01-29", "author": {"@type": "Organization", "name": "Hankook Ilbo"}}</script>
      </head><body><article><h1>Flood budget approved</h1>
      <p class="byline">By <a rel="author" href="/authors/jane-roe">%s</a></p>
      <p>%s</p></article></body></html>"""
    story = "The council met on Tuesday and approved the flood budget after a long night. " * 12
    url = "https://www.hankookilbo.com/news/1"
    assert extract_article(page % ("Jane Roe", story), url).authors == ["Jane Roe"]
    # A byline that names the publisher too is the desk's credit line: the markup's name stays.
    desk = extract_article(page % ("red, Hankook Ilbo/Agenturen", story), url)
    assert desk.authors == ["Hankook Ilbo"]


def test_a_byline_line_opening_the_story_names_its_writers() -> None:
    story = (
        "<p>" + "The council met on Tuesday and approved the flood budget after a long night. " * 8 + "</p>"
    )

    def extracted(byline: str) -> tuple[list[str], str]:
        page = (
            "<html><head><title>Flood budget approved</title></head><body><article>"
            f"<h1>Flood budget approved</h1><p>{byline}</p>{story}</article></body></html>"
        )
        article = extract_article(page, "https://example.com/news/1")
        return article.authors, article.body

    authors, body = extracted("Von: Bill MCCARTHY, Marisha GOLDHAMER")
    assert authors == ["Bill MCCARTHY", "Marisha GOLDHAMER"]
    assert "GOLDHAMER" not in body
    assert extracted("By Volkmar Kabisch and Ursula von der Leyen, NDR")[0] == [
        "Volkmar Kabisch",
        "Ursula von der Leyen",
        "NDR",
    ]
    # A sentence that starts like a byline is the story's.
    authors, body = extracted("Von der Planung bis hin zu den Mitbringseln.")
    assert authors == []
    assert "Von der Planung" in body


def test_a_byline_label_printed_apart_from_the_names_under_the_headline_names_the_writers() -> None:
    def authors(meta: str) -> list[str]:
        page = (
            "<html><head><title>Coronavirus: what we know</title></head><body><article>"
            f"<h1>Coronavirus: what we know</h1><div class='meta'>{meta}</div>"
            "<p>" + "Researchers around the world are racing to understand the new virus. " * 8 + "</p>"
            "</article></body></html>"
        )
        return extract_article(page, "https://example.com/news/1").authors

    assert authors("<span>Written by</span> <a href='/a/jane'>Jane Roe</a>") == ["Jane Roe"]
    assert authors("<span>Dezember 10, 2019</span> <span>&middot; von</span> <a>freeman1984</a>") == [
        "freeman1984"
    ]
    assert authors("<span>Von</span> <a>Lars Fischer</a> <span>und</span> <a>Alina Schadwinkel</a>") == [
        "Lars Fischer",
        "Alina Schadwinkel",
    ]
    # A second label or a reading time is not a name; a handle and a translator's role go.
    assert authors("<span>By</span> <span>Posted by</span> <span>3 min read</span>") == []
    assert authors("<span>Posted by</span> <span>6 years ago</span>") == []
    assert authors("<span>Article by</span> <a>Barry Alleyne</a>") == ["Barry Alleyne"]
    assert authors("<span>By</span> <a>Williams Perdomo @wperdomod</a>") == ["Williams Perdomo"]
    assert authors("<span>Author:</span> <a>Mark Newton</a><span>,</span> <span>Übersetzung: Ole</span>") == [
        "Mark Newton"
    ]
    # Without a label, a link to the writer's page under the headline names the writer.
    assert authors("<span>Updated</span> <a href='/authors/trevor-jackins'>Trevor Jackins</a>") == [
        "Trevor Jackins"
    ]
    assert authors("<a href='/autor/jil-schuller/'>Jil Schuller</a>") == ["Jil Schuller"]
    # A link to the list of all writers is no writer's page.
    assert authors("<a href='/authors/'>Our authors</a> <a href='/topics/health'>Health</a>") == []
    # A byline in one text under the headline, as a byline line opening a story is read.
    assert authors("<time>Mar 24, 2025</time> <p>By Amy Wilhelm</p>") == ["Amy Wilhelm"]
    assert authors("<p>By clicking here you agree to our terms</p>") == []


def test_the_publisher_and_its_desks_are_not_writers() -> None:
    site, name = "paper.example", "The Paper"
    for publisher in ("The Paper", "Paper", "paper.example", "PAPER THÜRINGEN", "Paper staff"):
        assert is_publisher(publisher, site, name), publisher
    # A writer whose name begins like the site's, and a desk of another publisher, are not it.
    for writer in ("Paper Moon", "Jane Doe", "OTHER THÜRINGEN"):
        assert not is_publisher(writer, site, name), writer
    assert not is_publisher("Jane Doe", "jane.example", None)
    assert writers(["Jane Doe", "PAPER THÜRINGEN"], site, name) == ["Jane Doe"]


def test_a_name_signed_in_bold_under_the_story_is_its_writer_where_no_byline_names_one() -> None:
    story = "".join(f"<p>On day {day} {PROSE_LINE}</p>" for day in range(1, 7))
    page = f"""<html><head><title>Flood budget approved</title><meta property="og:type" content="article">
      <meta property="og:site_name" content="The Paper"><meta name="author" content="The Paper"></head>
      <body><article><h1>Flood budget approved</h1>{story}
      <p style="text-align:right"><strong>Jane Doe</strong></p></article></body></html>"""
    assert extract_article(page, "https://paper.example/a/1").authors == ["Jane Doe"]
    # A bold line that is no name, or a name inside a sentence, signs nothing.
    unsigned = page.replace("<strong>Jane Doe</strong>", "<strong>Read more</strong>")
    assert extract_article(unsigned, "https://paper.example/a/1").authors == ["The Paper"]


PROSE_LINE = "the council met again and argued over the flood budget late into the night, without a vote."


@pytest.mark.parametrize(
    ("chosen", "printed", "names"),
    [
        # An account's login stands in for the name the page prints.
        (["jane.doe"], ["Jane Doe"], ["Jane Doe"]),
        (["kffjaned"], ["Jane Doe"], ["Jane Doe"]),
        (["JaneD"], ["Jane Doe"], ["Jane Doe"]),
        # A name the markup spells out stands, and a login gives way only to a full name, not
        # to a brand's name or a label around the login.
        (["Jane Doe"], ["John Roe"], None),
        (["jane.doe"], ["Jane"], None),
        (["HomeAdvisor"], ["Jane Doe"], None),
        (["JaneDoe"], ["More About JaneDoe"], None),
    ],
)
def test_login_names(chosen: list[str], printed: list[str], names: list[str] | None) -> None:
    assert login_names(chosen, printed) == names


@pytest.mark.parametrize(
    ("chosen", "printed", "names"),
    [
        # A job or a team glued after the printed name goes.
        (["Jane Doe Tech"], ["Jane Doe"], ["Jane Doe"]),
        (["Jane Doe - Example Editorial Team"], ["Jane Doe"], ["Jane Doe"]),
        (["Jane Doe"], ["Jane Doe"], None),
        (["Jane Doe", "John Roe"], ["Jane"], None),
    ],
)
def test_unglued_names(chosen: list[str], printed: list[str], names: list[str] | None) -> None:
    assert unglued_names(chosen, printed) == names


def test_a_login_stands_where_only_the_author_slot_prints_another_text() -> None:
    page = f"""<html><head><title>Flood budget approved</title><meta name="author" content="jesusfreak">
      </head><body><article><h1>Flood budget approved</h1>
      <p>{PROSE_LINE * 6}</p><div class="post-author"><a href="/more">More Posts</a></div>
      </article></body></html>"""
    assert extract_article(page, "https://blog.example/a/1").authors == ["jesusfreak"]
