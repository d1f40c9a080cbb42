"""The headline: the one the page displays, chosen among its witnesses (h1, structured data, titles).

The page's <h1>s are read by shownheadline.py, the site's name and section labels around a
title told apart by sitelabels.py.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from newscrawl.extraction.shownheadline import MIN_HEADLINE_WORDS, displayed_headline
from newscrawl.extraction.sitelabels import MAX_LABEL_WORDS, SEPARATORS, strip_site_name
from newscrawl.extraction.text import LEFTOVER_SEPARATORS
from newscrawl.textkey import comparable, squash, visible


def repeats_headline(line: str, headline: str) -> bool:
    """The headline again, alone, with a short label beside it ('Story | Site') or with its
    kicker before it, spaced or glued ('SVP-Sonderparteitag zur MigrationChiesa ruft …')."""
    key = comparable(headline)
    if not key:
        return False
    said = comparable(line)
    if said == key:
        return True
    # A headline of a word or two ends many a line ('Chorgeschichte' ends in 'Geschichte').
    kicker = said[: -len(key)] if said.endswith(key) and len(key.split()) >= MIN_HEADLINE_WORDS else None
    if kicker is not None and len(kicker.split()) <= MAX_LABEL_WORDS:
        return True
    parts = SEPARATORS.split(line)
    if len(parts) != 2:
        return False
    head, tail = parts
    return (comparable(head) == key and len(tail.split()) <= MAX_LABEL_WORDS) or (
        comparable(tail) == key and len(head.split()) <= MAX_LABEL_WORDS
    )


# A one-word kicker is at least this long ('Blog:', 'Tunesien').
MIN_KICKER_CHARS = 4
# Words shorter than this are too common to tell two headlines are about one story.
MIN_CONTENT_CHARS = 4
# A declared headline or title longer than this is none: an unclosed <title> swallows the rest
# of the page, and a JSON-LD headline sometimes holds the story. Taking labels off such a text
# cost a comparison key per separator, each as long as the text before it: 4 CPU-s for a
# 125 KB page, growing with the square of its length.
MAX_HEADLINE_CHARS = 1000


# <title>, og:title, twitter:title and their kin (Dublin Core, Parse.ly) are one headline written
# for search engines and social cards, usually copied from one field: one witness, not four.
_SEARCH_TITLES = {
    "title", "meta:og:title", "meta:twitter:title", "meta:title", "meta:headline",
    "meta:dc.title", "meta:dc:title", "meta:parsely-title",
}  # fmt: skip
# Without a displayed headline, a tie goes to the search title, then to JSON-LD and the feed.
_TIE_RANK = {"search": 0}
# Quote and dash styles: a typographic difference, not a different headline.
_TYPOGRAPHY = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"}
)


# What a declaring field may add at a headline's ends: quotes around it, a final full stop.
_ENDS = "\"'. "


def _typography_only(text: str) -> str:
    return text.translate(_TYPOGRAPHY).replace("…", "...")


# Any separator, glued or spaced: 'Story-Section', 'StoryㅣSite' (Korean sites use the letter ㅣ).
_ANY_SEPARATOR = re.compile(r"\s*[|\-–—:·•/»«ㅣ]+\s*")


def _without_kicker(shown: str, heads: set[str]) -> str:
    """An <h1> that is another witness's headline with a kicker set before it in an element of
    its own ('Tunesien Große Aufgaben für …', 'Blog: Best agencies'), without the kicker. A
    kicker of any length may go where it is a third witness's headline: the search title set
    over the story's."""
    words = shown.split()
    for cut in range(1, len(words)):
        kicker = " ".join(words[:cut])
        # One short word is more likely the headline's own first word ('The', '2025').
        if cut == 1 and (len(kicker) < MIN_KICKER_CHARS or not any(c.isalpha() for c in kicker)):
            continue
        if cut > MAX_LABEL_WORDS and comparable(kicker) not in heads:
            continue
        rest = " ".join(words[cut:])
        if comparable(rest) in heads:
            return rest.lstrip(LEFTOVER_SEPARATORS)
    return shown


def _without_unknown_labels(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Search titles that are another witness's headline plus a label the site-name stripper
    does not know ('…커졌다-정치ㅣ한국일보', 'Story – Politics'), cut back to that headline; the
    <h1> without a kicker that its markup does not name."""
    heads = {comparable(text): text for text, _ in options}
    cut: list[tuple[str, str]] = []
    for text, source in options:
        if source == "h1":
            text = _without_kicker(text, set(heads) - {comparable(text)})
        # Only search titles carry such labels; elsewhere 'Story: a subtitle' is the headline.
        for separator in _ANY_SEPARATOR.finditer(text) if source in _SEARCH_TITLES else ():
            head = heads.get(comparable(text[: separator.start()]))
            if head and 0 < len(text[separator.end() :].split()) <= MAX_LABEL_WORDS:
                text = head
                break
        cut.append((text, source))
    return cut


def _unbroken(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Meta titles whose attribute a quote left unescaped ended early (content="Biden de
    "incapacitado""), replaced by the witness that says the whole headline."""
    mended: list[tuple[str, str]] = []
    for text, source in options:
        if source.startswith("meta:"):
            whole = (
                other
                for other, _ in options
                if other.startswith(text) and other[len(text) :].lstrip()[:1] == '"'
            )
            text = next(whole, text)
        mended.append((text, source))
    return mended


# An entity escaped twice shows as written ('SQL &#x26; AI'). Markdown's heading marks, rating
# stars and a separator whose other side is empty decorate a title without being part of it
# ('## Title', 'Title ⋆', 'Title |'); » and « are not among them: they are quotes too.
_LEFTOVER_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_DECORATION = re.compile(r"^#{1,6}\s+|^[★☆⋆✦✧✩✪✫✬✭✮✯✰|·•\s]+|[★☆⋆✦✧✩✪✫✬✭✮✯✰\s]+$|\s+[|·•–—-]+$")


def as_written(text: str) -> str:
    text = squash(visible(text))
    if "&" in text:
        text = _LEFTOVER_ENTITY.sub(lambda entity: html.unescape(entity[0]), text)
    return _DECORATION.sub("", text)


def _banner(shown: str, said_by: dict[str, str]) -> bool:
    """Whether the <h1> is a banner ('Return to Nationwide Website'): two witness families say
    another headline, with which it shares no word."""
    said = Counter(said_by.values())
    return any(n >= 2 and not _content_words(shown) & _content_words(key) for key, n in said.items())


# 'Akkutechnik: ': a label of a few words and a colon.
_KICKER = re.compile(r"^(\w[\w.-]*(?:\s+[\w.-]+){0,3}):\s+(.+)$")


def _kicker_of(declared: str, shown: str | None) -> bool:
    """Whether `declared` is the <h1> (`shown`, a comparable() key) after a kicker."""
    match = _KICKER.match(declared)
    return bool(shown and match and comparable(match.group(2)) == shown)


def _voted(said_by: dict[str, str]) -> str:
    """The headline most witness families (but the <h1>) say; a tie goes to the search title."""
    votes: Counter[str] = Counter()
    rank: dict[str, int] = {}
    for name, key in said_by.items():
        votes[key] += 1
        rank[key] = min(rank.get(key, 1), _TIE_RANK.get(name, 1))
    best = max(votes.values())
    return min((key for key in votes if votes[key] == best), key=lambda key: rank[key])


def _in_capitals(text: str) -> bool:
    """Whether a text of several words has capital letters and none in lower case."""
    return len(text.split()) >= MIN_HEADLINE_WORDS and any(c.isupper() for c in text) and text.upper() == text


def _in_mixed_case(text: str) -> bool:
    return len(text.split()) >= MIN_HEADLINE_WORDS and any(c.islower() for c in text)


def _content_words(key: str) -> set[str]:
    return {word for word in key.split() if len(word) >= MIN_CONTENT_CHARS}


@dataclass(frozen=True)
class Witnesses:
    """What a page's witnesses say of its headline, with their labels taken off."""

    options: list[tuple[str, str]]  # (text, source), the displayed <h1> first, then as declared
    labelled: set[str]  # comparable() keys of titles from which a site or section label was taken
    said_by: dict[str, str]  # each family's most common headline, as a comparable() key


def _family(source: str) -> str:
    """The witness family a source belongs to: 'h1', 'search' (the search and social titles),
    'json-ld', 'hint' (the feed's title)."""
    return "search" if source in _SEARCH_TITLES else source


def headline_witnesses(
    candidates: list[tuple[str | None, str]],
    h1s: list[str],
    site: str,
    site_name: str | None,
    sections: frozenset[str] = frozenset(),
) -> Witnesses:
    """The headline each witness states: the displayed <h1> and the `candidates` declared in the
    markup or the feed, (text, source), most trusted first."""
    written = [(as_written(text), source) for text, source in candidates if text]
    declared = [(strip_site_name(text, site, site_name, sections), source) for text, source in written]
    # Titles from which a segment naming the site or a section was taken.
    labelled = {
        comparable(text) for (text, _), (whole, _) in zip(declared, written, strict=True) if text != whole
    }
    # Not <title>: on a section-like page it names the section the <h1> names ('News - Eawag').
    confirming = frozenset(comparable(text) for text, source in declared if source != "title")
    # Some templates print <title> as the <h1>, labels and all.
    shown_h1s = [strip_site_name(as_written(h1), site, site_name, sections) for h1 in h1s]
    shown = displayed_headline(shown_h1s, site, site_name, confirming)
    printed = [as_written(h1) for h1, cut in zip(h1s, shown_h1s, strict=True) if shown and cut == shown]
    # An <h1> in capitals throughout ('SUPPORTING GAAP COMPLIANCE') is a banner's lettering;
    # where the markup writes a headline in mixed case, that one is the story's.
    if shown and _in_capitals(shown) and any(_in_mixed_case(text) for text, _ in declared):
        shown = None
    options = _without_unknown_labels(_unbroken(([(shown, "h1")] if shown else []) + declared))
    # What looked like a label on the <h1> ('Opinion: ...', 'What's the ...') is the headline's
    # own where the markup's headline says it too.
    if printed and options[0][1] == "h1" and comparable(printed[0]) in confirming:
        options[0] = (printed[0], "h1")
    said: dict[str, Counter[str]] = {}
    for text, source in options:
        said.setdefault(_family(source), Counter())[comparable(text)] += 1
    return Witnesses(options, labelled, {name: keys.most_common(1)[0][0] for name, keys in said.items()})


def choose_headline(
    candidates: list[tuple[str | None, str]],
    h1s: list[str],
    site: str,
    site_name: str | None,
    sections: frozenset[str] = frozenset(),
) -> tuple[str, str]:
    """The headline the page displays (its <h1>); where it shows none, the one most of the
    other witnesses agree on.

    Publishers often write one headline for readers and others for search engines and social
    cards; the one readers see is the headline, the others are kept as the page's titles
    (page_titles). Without a displayed headline, the witnesses (JSON-LD, the feed's title and
    the search/social title family) vote, one vote each, ties going to the search title.
    `candidates` are (text, source), most trusted first.
    """
    return headline_from(headline_witnesses(candidates, h1s, site, site_name, sections))


def headline_from(witnesses: Witnesses) -> tuple[str, str]:
    """choose_headline over witnesses already gathered (the page object gathers them once)."""
    options, said_by = witnesses.options, dict(witnesses.said_by)
    if not options:
        return "", "none"
    shown = said_by.pop("h1", None)
    if shown and _banner(shown, said_by):
        shown = None
    # A kicker printed over the <h1> in an element of its own ('Akkutechnik: Hat Quantumscape
    # ...') is part of the displayed headline where the markup's own headline (JSON-LD, not a
    # search title) says it with it, as a label and a colon.
    kicked = [text for text, source in options if source == "json-ld" and _kicker_of(text, shown)]
    winner = comparable(kicked[0]) if kicked else shown or _voted(said_by)
    forms = [(text, source) for text, source in options if comparable(text) == winner]
    # The <h1> keeps its typography, but not its letter case or lost punctuation: CSS or a
    # kicker split off in another element change those, and the declared form has them right.
    # Quotes around the whole or a final full stop are the declaring field's habit, not that.
    if (
        forms[0][1] == "h1"
        and len(forms) > 1
        and _typography_only(forms[0][0]).strip(_ENDS) != _typography_only(forms[1][0]).strip(_ENDS)
    ):
        return forms[1]
    text, source = forms[0]
    # Said by the search titles alone, 'Story | Something' follows the convention of 'Headline |
    # Site' even where the site's name spells neither its domain nor its declared name.
    if (
        all(said in _SEARCH_TITLES for _, said in forms)
        and winner not in witnesses.labelled
        and " | " in text
    ):
        return text[: text.rindex(" | ")], source
    return text, source
