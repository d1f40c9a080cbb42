"""Date parsing, and the publication day a page shows its readers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml.html import HtmlElement

from newscrawl.extraction import extract_article
from newscrawl.extraction.dateline import shown_date
from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.dom import parse
from newscrawl.extraction.nearby import headings_showing
from newscrawl.extraction.pubday import publication_day, url_date

URL = "https://example.com/blog/yoga-class-prices"


def dateline_of(page: HtmlElement, headline: str) -> str | None:
    return shown_date(headings_showing(page, headline))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-12T10:00:00+01:00", datetime(2024, 3, 12, 9, 0, tzinfo=UTC)),
        ("2024-03-12T10:00:00.123Z", datetime(2024, 3, 12, 10, 0, 0, 123000, tzinfo=UTC)),
        ("20200414T00:38:07Z", datetime(2020, 4, 14, 0, 38, 7, tzinfo=UTC)),
        ("2020-12-05T23:15:0Z", datetime(2020, 12, 5, 23, 15, tzinfo=UTC)),
        ("Wed, 04 May 2022 00:25:56 GMT", datetime(2022, 5, 4, 0, 25, 56, tzinfo=UTC)),
        ("04:25:06 PM IST Apr 08, 2020", datetime(2020, 4, 8, tzinfo=UTC)),
        ("13/11/2025 09:21", datetime(2025, 11, 13, 9, 21, tzinfo=UTC)),
        ("30. Januar 2024", datetime(2024, 1, 30, tzinfo=UTC)),
        ("13 de mayo de 2026", datetime(2026, 5, 13, tzinfo=UTC)),
        ("5 décembre 2023", datetime(2023, 12, 5, tzinfo=UTC)),
        ("12 marzo 2021, 10:00", datetime(2021, 3, 12, 10, tzinfo=UTC)),
        # A written date keeps the time and zone written beside it.
        ("March 14, 2024 at 10:00 am EDT", datetime(2024, 3, 14, 14, tzinfo=UTC)),
        ("Updated 3:05 PM EDT, March 14, 2024", datetime(2024, 3, 14, 19, 5, tzinfo=UTC)),
        ("March 14, 2024, 11:45 p.m. ET", datetime(2024, 3, 15, 3, 45, tzinfo=UTC)),
        ("Jan 14, 2024, 11:45 p.m. ET", datetime(2024, 1, 15, 4, 45, tzinfo=UTC)),
        ("14. März 2024, 22.15 Uhr MESZ", datetime(2024, 3, 14, 20, 15, tzinfo=UTC)),
        ("Mar 14, 2024 9:30 GMT+2", datetime(2024, 3, 14, 7, 30, tzinfo=UTC)),
        ("13 March 2024 10:00 +0530", datetime(2024, 3, 13, 4, 30, tzinfo=UTC)),
        ("March 14, 2024 at 10:00 am in Berlin", datetime(2024, 3, 14, 10, tzinfo=UTC)),
        # A zone not read here, or two times: the day alone rather than a wrong instant.
        ("March 14, 2024 10:00 XYZT", datetime(2024, 3, 14, tzinfo=UTC)),
        ("March 14, 2024 10:00, updated 12:30", datetime(2024, 3, 14, tzinfo=UTC)),
        ("The Mars 2030 mission", None),
        ("05/06/2025", None),  # day and month could be either way round
        ("2020-13-05", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2020/02/17/story/", date(2020, 2, 17)),
        ("https://example.com/home/2017/7/12/story", date(2017, 7, 12)),
        ("https://example.com/news/20200413/story", date(2020, 4, 13)),
        ("https://example.com/a-2020-04-13-story", date(2020, 4, 13)),
        ("https://example.com/p/1234567890123", None),
        ("https://example.com/2020/13/01/", None),
        ("https://example.com/?d=2020/02/17", None),  # the query is not the CMS's path
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("raw", "url", "locale", "expected"),
    [
        # the offset the page states is the publisher's clock
        ("2022-02-03T23:17:12+01:00", "https://example.de/a", "de", date(2022, 2, 3)),
        # no zone at all: local time already
        ("2024-03-12T23:30:00", "https://example.com/a", "en", date(2024, 3, 12)),
        # 'Z': the zone of the country domain, then of the locale
        ("2021-11-04T23:00Z", "https://example.de/a", None, date(2021, 11, 5)),
        ("2020-12-05T23:15:00Z", "https://example.com/a", "it", date(2020, 12, 6)),
        ("2020-08-25T00:23:33Z", "https://example.ca/a", "fr", date(2020, 8, 24)),
        ("Wed, 04 May 2022 00:25:56 GMT", "https://example.com/a", "es-AR", date(2022, 5, 3)),
        ("Wed, 04 May 2022 02:41:00 GMT", "https://eldeber.com.bo/a", "es", date(2022, 5, 3)),
        # Facebook's 'ar_AR' is Arabic, not Argentina
        ("2020-10-07T01:00:00Z", "https://example.com/a", "ar_AR", date(2020, 10, 7)),
        # languages spoken across many zones are not guessed
        ("2024-03-12T23:30:00Z", "https://example.com/a", "en", date(2024, 3, 12)),
        # an explicit +00:00 is a site that works in UTC
        ("2024-03-12T23:30:00+00:00", "https://example.de/a", "de", date(2024, 3, 12)),
        # midnight exactly is a bare date
        ("2025-09-12T00:00:00.000Z", "https://example.com/a", "en-US", date(2025, 9, 12)),
        # a date in the path within a day of the instant is the day the CMS filed it under
        ("2020-02-18T02:18:11Z", "https://example.com/2020/02/17/a/", "es", date(2020, 2, 17)),
        # but a stated local offset is the publisher's clock, whatever day the path was filed
        ("2022-05-07T13:43:46-05:00", "https://example.pe/2022/05/06/a/", "es", date(2022, 5, 7)),
        # but not a path date far from it (an old URL reused)
        ("2020-02-18T12:00:00Z", "https://example.com/2019/02/17/a/", "es", date(2020, 2, 18)),
        # no timestamp: the path's date
        (None, "https://example.com/2020/02/17/a/", None, date(2020, 2, 17)),
        (None, "https://example.com/a/", None, None),
    ],
)
def test_publication_day(raw: str | None, url: str, locale: str | None, expected: date | None) -> None:
    assert publication_day(raw, url, locale) == expected


def test_a_short_sentence_with_a_date_under_the_headline_is_no_dateline() -> None:
    page = parse(
        """<html><body><h1>Letters: Coddling criminals | Tax dollars</h1>
        <p>East Bay Times Letters to the Editor for Jan. 17, 2022</p>
        <p>By Letters To The Editor | PUBLISHED: <time>January 16, 2023 at 4:30 p.m.</time></p>
        </body></html>"""
    )
    assert dateline_of(page, "Letters: Coddling criminals | Tax dollars") == "January 16, 2023 at 4:30 p.m."


def test_a_sentence_that_mentions_a_date_is_not_a_date_line() -> None:
    # clean_body drops short lines that are dates; prose that mentions one must stay.
    assert parse_date("The war ended on May 8, 1945.", embedded=False) is None
    assert parse_date("May 8, 1945", embedded=False) == datetime(1945, 5, 8, tzinfo=UTC)
    assert parse_date("Published 10:00 AM IST May 8, 1945") == datetime(1945, 5, 8, tzinfo=UTC)


def test_the_date_printed_under_the_headline_is_the_story_s() -> None:
    page = parse(
        """<html><body><div class="top"><span class="date">Tue, 14 Jan 2020</span></div>
        <div class="story"><h2>Australian megablaze brought under control</h2>
        <p>News24<br>13 Jan 2020, 22:11 GMT+10</p><p>Firefighters said on Monday that the blaze,
        which burned for weeks, was contained on 12 Jan 2020 after rain.</p></div></body></html>"""
    )
    assert dateline_of(page, "Australian megablaze brought under control") == "13 Jan 2020, 22:11 GMT+10"
    assert dateline_of(page, "Another story") is None


def test_a_date_set_above_the_headline_dates_the_story_when_none_is_printed_under_it() -> None:
    page = parse(
        """<html><body><p><a href="/other">An older story</a> <span>March 2, 2024</span></p>
        <div class="hero"><h5 class="preheadline">January 23, 2025</h5>
        <h1>Solar installation in four steps</h1><p>Share</p>
        <p>Installing a home solar system can feel like a daunting task at first.</p></div></body></html>"""
    )
    assert dateline_of(page, "Solar installation in four steps") == "January 23, 2025"


def test_a_time_classed_as_the_update_is_not_the_publication_date() -> None:
    page = parse(
        """<html><body><div class="entry-meta"><time class="entry-date published">10. Februar 2019</time>
        <time class="updated">11. Februar 2019</time></div>
        <h1>Laufen im Winter</h1><p>Es ist irgendwie schon faszinierend, wie sich Ansichten ändern.</p>
        </body></html>"""
    )
    assert dateline_of(page, "Laufen im Winter") == "10. Februar 2019"
    # A post never modified: its one time is classed as both.
    never_modified = parse(
        """<html><body><h1>Laufen im Winter</h1><p><time class="entry-date published updated">
        10. Februar 2019</time></p><p>Es ist irgendwie schon faszinierend.</p></body></html>"""
    )
    assert dateline_of(never_modified, "Laufen im Winter") == "10. Februar 2019"


def test_an_ambiguous_printed_date_is_read_from_its_time_element() -> None:
    page = parse(
        """<html><body><h1>Candidate experience: consulting or insurance?</h1>
        <div class="meta"><time datetime="2017-03-01T12:00:00Z">03/01/2017</time> by Agatha Caleo</div>
        <p>A common question asked by candidates searching for their first job is where to go.</p>
        </body></html>"""
    )
    assert dateline_of(page, "Candidate experience: consulting or insurance?") == "2017-03-01T12:00:00Z"


def test_the_heading_may_carry_a_kicker_or_the_site_s_name() -> None:
    page = parse(
        """<html><body><h1 class="print-only">Social media agencies, ranked | Example</h1><nav>Home</nav>
        <h1><strong>Blog:</strong> Social media agencies, ranked</h1>
        <p>Silverback Strategies | October 15, 2025</p><p>Twelve agencies, compared on price.</p>
        </body></html>"""
    )
    assert dateline_of(page, "Social media agencies, ranked") == "Silverback Strategies | October 15, 2025"


def test_an_updated_line_under_the_headline_is_not_the_publication_date() -> None:
    page = parse(
        """<html><body><h1>Low-light indoor plants that thrive</h1>
        <p>Updated November 19, 2021</p><p>Published March 3, 2020</p></body></html>"""
    )
    assert dateline_of(page, "Low-light indoor plants that thrive") == "Published March 3, 2020"


def test_the_lead_photo_s_caption_under_the_headline_does_not_date_the_story() -> None:
    page = parse(
        """<html><body><h1>Kiew plant die Gegenoffensive</h1>
        <figure><img src="/a.jpg"><figcaption>Kriegstechnik bei Bachmut, 24. April 2023</figcaption></figure>
        <p class="meta">28.04.2023</p></body></html>"""
    )
    assert dateline_of(page, "Kiew plant die Gegenoffensive") == "28.04.2023"


def _declaring(published: str, printed: str) -> str:
    return f"""<html><head><title>Yoga class prices</title>
    <script type="application/ld+json">{{"@type": "Article", "headline": "What to charge for a yoga class",
    "datePublished": "{published}", "dateModified": "{published}"}}</script></head><body><article>
    <h1>What to charge for a yoga class</h1><div class="meta"><span>Shauna Mitchell</span>
    <span>{printed}</span></div>
    <p>Setting a price for a yoga class depends on where you teach and who comes to your classes.</p>
    <p>Studios in large cities charge more than community centres, and private sessions cost more.</p>
    <p>Most teachers start with the going rate nearby and adjust it after a few months of classes.</p>
    </article></body></html>"""


def test_a_date_printed_days_before_the_declared_one_is_the_day_of_publication() -> None:
    # The CMS rewrote datePublished when the page was saved again; readers see the first day.
    article = extract_article(_declaring("2025-06-24T10:00:00Z", "August 25, 2024"), URL)
    assert (article.published_date, article.provenance["published_at"]) == (date(2024, 8, 25), "dateline")
    # A day apart is the same day in another zone: the declared date stands.
    article = extract_article(_declaring("2025-06-24T01:00:00Z", "June 23, 2025"), URL)
    assert (article.published_date, article.provenance["published_at"]) == (date(2025, 6, 24), "json-ld")
    # A later printed date is an update or another story's: the declared date stands.
    article = extract_article(_declaring("2025-06-24T10:00:00Z", "July 30, 2025"), URL)
    assert article.published_date == date(2025, 6, 24)


@pytest.mark.parametrize(
    "raw",
    [
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 -0500",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01",
        "December 31, 9999",
        "31.12.9999",
        "Sat, 01 Jan 99999999999999999999 00:00:00 GMT",
    ],
)
def test_impossible_dates_are_dropped_not_raised(raw: str) -> None:
    """No news was published in year 1 or 9999: such a date is no date, never an error."""
    assert parse_date(raw) is None
