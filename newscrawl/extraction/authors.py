"""Author names: bylines split into people, with 'By', roles and e-mail addresses removed."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extraction.dates import is_month_name
from newscrawl.extraction.nearby import Heading
from newscrawl.extraction.text import LEFTOVER_SEPARATORS
from newscrawl.textkey import distinct_names, squash

_PREFIX = re.compile(
    r"^(by|von|vom|par|por|di|de|door|av|af|per|from|autor|autorin|auteure?|authors?)\s*:?\s+", re.IGNORECASE
)
# 'Recipe by', 'Article by', 'This post was written by': a byline's lead-in before the name.
_LEAD_IN = re.compile(r"^(?:[\w’']+\s+){1,4}by\s+(?=\S)", re.IGNORECASE)
# A link to the writer's page, read as the byline: 'View all posts by Jane Doe', 'Zum Profil von'.
_PROFILE_LINK = re.compile(
    r"^(?:(?:view|see) all (?:posts|articles) by|(?:zeige )?alle beiträge von|zum profil von"
    r"|voir tous les (?:articles|messages) de|interview)\s*:?\s+",
    re.IGNORECASE,
)
# "(obe)", "(cog.)": a desk's initials after a name.
_INITIALS = re.compile(r"\s*\([a-z]{2,5}\.?\)$")
# "(Image: Getty Images)": a picture credit that slipped into a byline.
_PICTURE_CREDIT = re.compile(r"^\(?(image|photo|foto|bild)\s*:", re.IGNORECASE)
_SPLIT = re.compile(
    r"\s*(?:,|;|&|•|·|\band\b|\bund\b|\bet\b|\by\b|\be\b(?!\.)|\ben\b|\bog\b|\boch\b|\|)\s*", re.IGNORECASE
)
# What a byline's date leaves after the name once the split cut off its year: 'Jane Doe
# December 8', 'Jane Doe Last' of 'Last updated', 'Jane Doe Stand' of 'Stand: 3. März', 'Jane
# Doe vor' of 'vor 3 Tagen'.
# English month names only, and not 'May': other languages' month names ('Marco', 'Mai',
# 'Juli') and 'May' are surnames as often.
_DATE_LEFTOVER = re.compile(
    r"\s+(?:last|stand|vor|january|february|march|april|june|july|august|september|october|november|december)"
    r"(?:\s+\d{1,2})?$",
    re.IGNORECASE,
)
# 'Jane Doe on behalf of the Docs team': the group she writes for is no writer of its own.
_NOISE = re.compile(
    r"(\S+@\S+|\s@\w+|\bhttps?://\S+|\b(staff(?=\s+\S)|on behalf of|reporter|correspondent|editor|"
    r"redakteur(in)?|(contributing )?writer|contributor|founder|former|updated|published|aktualisiert|"
    r"기자|記者)\b.*$)",
    re.IGNORECASE,
)
# A part of a byline that starts with one of these is the writer's job, not another writer
# ('Jane Doe, CEO', 'Jane Doe, Head of Community').
_ROLE = re.compile(
    r"^(ceo|cto|cfo|coo|vp|svp|evp|sr\.?|senior|chief|head|director|founder|co-?founder|president|"
    r"manager|lead|principal|partner|owner|übersetzung|translation|traduction|traducción)\b",
    re.IGNORECASE,
)
# A part after a name that is only degrees, fellowships or certifications ('Jane Doe, Ph.D.',
# ', MD', ', FAND', ', CFP'): they stay with the name they qualify, as the byline prints them.
# Written as degrees are, in capitals: 'Rui Ma' and a second writer 'Ma' stay. A registered
# mark ('CEPF®') is a certification whatever its letters; 'D' and four capitals a board's
# diplomate as 'FA' and capitals a college's fellow.
_DEGREES = re.compile(
    r"^(?:(?:Ph\.?\s?D|M\.?D|MBA|M\.?Sc?|B\.?Sc?|M\.?A|B\.?A|MPH|MSN|DNP|RN|DDS|DVM|CPA|Esq|LCSW|RDN?"
    r"|CF[PA]|ChFC|CLU|FA[A-Z]{2,3}|DA[A-Z]{3}|[A-Z][A-Za-z]{1,5}[®™])\.?\s*)+$"
)
# A part after a name that holds a job is the writer's title ('Jane Doe, AP Sports Writer').
_JOB = re.compile(r"\b(writer|reporter|correspondent|editor|contributor)\b", re.IGNORECASE)
# What a template prints where it has no name, and a commenter's 'Jane says'.
# Another label ('Posted by') or a reading time where a name should follow a byline's label.
# A template's slot left unfilled: '{{ post.author }}'. A button ('Follow'), what 'Posted on'
# leaves, an address written against spam ('jane[at]example.net'). A blog engine's default
# account ('admin') names whoever installed it, not a writer.
_NO_NAME = re.compile(
    r"^(name|no author|unknown|posted|n/a|the author|follow|on|admin|administrator|webmaster)$"
    r"|\s(says|said)$|\bby$"
    r"|^\d+ min(ute)?s? read$|^\d+ \w+ ago$|\{\{|\$\{|\[at\]",
    re.IGNORECASE,
)
# The path of a template's author field that nothing filled: 'page.head.extra.author', which
# trafilatura's byline search hands on as 'Page Head Extra Author'.
_FIELD_PATH = re.compile(r"^[a-z_]+(?:[. ][a-z_]+)+[. ](?:author|authors|name|byline)$", re.IGNORECASE)
# Longer than this is a sentence that slipped into a byline, not a name.
MAX_NAME_WORDS = 6


def clean_authors(raw: list[str]) -> list[str]:
    """['By Jane Doe and John Roe'] -> ['Jane Doe', 'John Roe']."""
    names: list[str] = []
    for value in raw:
        value = _PREFIX.sub("", _LEAD_IN.sub("", _PROFILE_LINK.sub("", squash(value))))
        for part in _SPLIT.split(value):
            if names and _DEGREES.match(part.strip()):
                names[-1] = f"{names[-1]}, {part.strip()}"
                continue
            if _PICTURE_CREDIT.match(part) or (names and (_ROLE.match(part) or _JOB.search(part))):
                continue
            part = _without_ends(squash(_INITIALS.sub("", _NOISE.sub("", _PREFIX.sub("", part)))))
            part = _without_avatar(_once(_DATE_LEFTOVER.sub("", part)))
            # A date that the split left in pieces ('Jane Doe, October 3, 2025') is not a name.
            if (
                part
                and not _NO_NAME.search(part)
                and not (_FIELD_PATH.match(part) and ("." in part or len(part.split()) > 3))
                and len(part.split()) <= MAX_NAME_WORDS
                and any(c.isalpha() for c in part)
                and not is_month_name(re.sub(r"[\d.]", "", part))
            ):
                names.append(part)
    return distinct_names(names)


def _without_ends(name: str) -> str:
    """The name without separators and quotes around it, and without a sentence's full stop;
    an abbreviation's stays ('Perry Bacon Jr.', 'Joe S.', 'Verband e.V.')."""
    name = name.strip(' -–—:"“”„«»').lstrip(".")
    last = name.rsplit(" ", 1)[-1]
    if name.endswith(".") and len(last) > 3 and "." not in last[:-1]:
        name = name[:-1].rstrip(" -–—:")
    return name


def _without_avatar(name: str) -> str:
    """A name after the initials its avatar shows in their stead: 'CM Craig McCarthy'."""
    initials, *rest = name.split() or [""]
    if len(rest) >= 2 and initials.isupper() and initials == "".join(word[0] for word in rest).upper():
        return " ".join(rest)
    return name


def _once(name: str) -> str:
    """A name printed twice in one link (its text and its image's alt): 'jesusfreak jesusfreak'."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and len(words) % 2 == 0 and words[:half] == words[half:] else name


# 'By Jane Doe', 'Von: Bill McCarthy, Marisha Goldhamer': a byline printed as the story's first
# lines. A line longer than this is prose however it starts ('Von der Planung bis …'), and the
# body's cleanup (junk.is_junk) takes no longer line for a byline either.
_BYLINE_WORDS = (
    r"(by|(?:written|article|posted|words|story) by|von|par|por|door|av|af|autor|autorin|authors?)\s*:?"
)
_BYLINE = re.compile(rf"^{_BYLINE_WORDS}\s+(?=\S)", re.IGNORECASE)
MAX_BYLINE_WORDS = 12
BYLINE_SEARCH_DEPTH = 4
_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "da", "di", "du", "le", "la", "bin", "ibn"}
)


def reads_as_name(name: str) -> bool:
    """'Jane Doe', 'A. J. Neal', 'Ursula von der Leyen', a desk's initials ('XYZ') or 'det/dpa'."""
    words = name.split()
    if len(words) == 1:
        return name.isupper() or "/" in name
    return len(words) <= 4 and all(word[0].isupper() or word in _NAME_PARTICLES for word in words)


def byline_names(paragraphs: list[str]) -> list[str]:
    """The writers a byline line at the top of the story names, if it has one."""
    for paragraph in paragraphs[:BYLINE_SEARCH_DEPTH]:
        if names := byline_line(paragraph):
            return names
    return []


def byline_line(line: str) -> list[str]:
    """The writers a line such as 'By Jane Doe and John Roe' names; none for other lines."""
    if _BYLINE.match(line) and len(line.split()) <= MAX_BYLINE_WORDS:
        names = clean_authors([line])
        if names and all(reads_as_name(name) for name in names):
            return names
    return []


# A byline's label printed as a text of its own, the name in the next ('Written by', 'Jane Doe').
BYLINE_LABEL = re.compile(rf"^{_BYLINE_WORDS}$", re.IGNORECASE)
_CONNECTOR = re.compile(r"^(,|&|and|und|et|y|e|en|og|och)$", re.IGNORECASE)


def labelled_byline(headings: list[Heading]) -> list[str]:
    """The writers a byline under the headline names: 'By' or 'Written by' as a text of its own,
    the name (often a link) in the next one; else a link to a writer's page, or a 'By Jane Doe'
    line, there."""
    for heading in headings:
        texts = [squash(str(text)) for text in heading.below]
        for at, label in enumerate(texts[:-1]):
            label = label.strip(LEFTOVER_SEPARATORS)  # '· von', a separator before the label
            if BYLINE_LABEL.match(label) and (names := clean_authors([_names_from(texts[at + 1 :])])):
                return names
        for node, text in zip(heading.below, texts, strict=True):
            if _links_to_writer(node) and (names := clean_authors([text])):
                return names
            # 'By Amy Wilhelm' in one text, as a byline line opening a story is read.
            if names := byline_line(text):
                return names
    return []


# A writer's page: '/author/jane-doe', '/authors/jane-doe/', '/autor/…', '/auteur/…'.
WRITER_PAGE = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?)/[\w.-]+/?(?:[?#]|$)", re.IGNORECASE)


def _links_to_writer(node: Any) -> bool:
    parent = node.getparent()
    return parent.tag == "a" and not node.is_tail and bool(WRITER_PAGE.search(parent.get("href") or ""))


def _names_from(texts: list[str]) -> str:
    """The name that starts `texts`, with those joined to it ('Jane Doe', 'und', 'John Roe')."""
    byline = texts[0]
    for connector, name in zip(texts[1::2], texts[2::2], strict=False):
        if not _CONNECTOR.match(connector):
            break
        byline += f" {connector} {name}"
    return byline
