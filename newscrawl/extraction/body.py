"""The article body: trafilatura's main text as paragraphs and subheadings, then our cleanup."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata

from newscrawl.extraction.authors import clean_authors
from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.headline import repeats_headline
from newscrawl.extraction.text import comparable, squash, visible

# Page parts that are never body text; removed before trafilatura sees the page. Most rules
# only take small elements: some sites put "share" or "related" on their main wrapper, write
# a gallery's story into its captions, or put the whole article in <noscript> for crawlers.
_SMALL = "[count(.//p) < 3 and string-length(normalize-space(.)) < 600]"
_PRUNED_TAGS = ("figcaption", "noscript")
_PRUNED_CLASS_PARTS = (
    "wp-caption-text", "tag-list", "article-tags", "post-tags", "newsletter", "related", "share",
    "breadcrumb",
)  # fmt: skip
_PRUNED_CLASS_WORDS = ("tags",)
# One expression, so that libxml2 walks the tree once rather than once per rule.
PRUNE_XPATH = (
    "//iframe | //*["
    + " or ".join(
        [f"self::{tag}" for tag in _PRUNED_TAGS]
        + [f"contains(@class, '{part}')" for part in _PRUNED_CLASS_PARTS]
        + [f"contains(concat(' ', normalize-space(@class), ' '), ' {word} ')" for word in _PRUNED_CLASS_WORDS]
    )
    + "]"
    + _SMALL
)

# Whole lines that are page furniture in many languages, compared case- and punctuation-blind.
JUNK_LINES = frozenset(
    comparable(line)
    for line in (
        "YouTube",
        "Twitter",
        "Facebook",
        "Instagram",
        "TikTok",
        "Vimeo",
        "Embed",
        "Video",
        "Advertisement",
        "Advertisment",
        "Ad",
        "Sponsored",
        "Anzeige",
        "Werbung",
        "Publicité",
        "Publicidad",
        "Pubblicità",
        "Reklame",
        "Reklama",
        "Real Time Analytics",
        "Skip to content",
        "Skip to main content",
        "Share",
        "Share this",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Print",
        "Email",
        "Comments",
        "Read more",
        "Read More",
        "Related",
        "Related articles",
        "Related stories",
        "More stories",
        "Recommended",
        "Tags",
        "Topics",
        "Loading...",
        "Click to expand",
        "Continue reading",
        "Listen to this article",
        "Follow us",
        "Subscribe",
        "Sign up",
        "Log in",
        "Close",
        "Zum Artikel",
        "Mehr zum Thema",
        "Lesen Sie auch",
        "Weiterlesen",
        "Lire aussi",
        "Lire la suite",
        "Leer más",
        "Leggi anche",
        "Copy link",
        "Link copied",
        "Live",
        "Breaking",
        "Breaking news",
        "Exclusive",
        "Updated",
        "Watch",
        "Listen",
        "Article content",
        "Main content",
        "Hauptinhalt",
        "Headline",
        "Noticia relacionada",
        "Mit Agenturmaterial",
        "You may also like",
        "You might also like",
        "Most read",
        "Most popular",
        "Related posts",
        "Related content",
        "Table of contents",
        "Auch interessant",
        "Das könnte Sie auch interessieren",
        "Schon gelesen",
        "Meistgelesen",
        "Weitere Themen",
        "Weitere Artikel",
        "Ähnliche Artikel",
        "Ähnliche Beiträge",
        "Empfohlene Beiträge",
        "Inhaltsverzeichnis",
        "Originalpublikation",
        "Vorschau auf den nächsten Artikel",
        "Bild anzeigen Bild schließen",
        "Sie sind aktuell nicht eingeloggt",
        "Alle Angaben ohne Gewähr",
        "Beiträge aus dem Forum",
        "Top-Themen",
        "Temas",
        "Passer la publicité",
        "Suscríbete",
    )
)
_JUNK_PREFIX = re.compile(
    r"^(read more|read also|also read|related|see also|recommended|watch|listen|more on this|"
    r"more from|sign up|subscribe|mehr zum thema|leer más|tags?|topics?|themen|"
    # "Read this too" links, which need no colon to be recognised.
    r"(à )?lire aussi|lesen sie auch|les også|läs också|læs også|lees ook|leia também|"
    r"leggi anche|lee también|lea también|czytaj (też|także)|funda olunye udaba lapha|"
    r"auch lesen|vea también|ver también|weitere beiträge|das könnte sie auch interessieren|"
    r"lesen sie hier|kategorie|category|kommentare insgesamt|copyright|beitragsbild|"
    r"zum weiterlesen|le puede interesar|te puede interesar|puedes ver|más sobre|pour lire la suite|"
    r"dowiedz się więcej|czytaj więcej|anzeige|werbung|"
    # A picture or source credit that left its figure.
    r"\(?(titelbild|bildquelle|crédits? photos?|credits?|photos?|fotos?|bild|image|quelle|fuente))"
    r"\s*[:|»>\-–]|^(à )?lire aussi\b|^(lesen sie|les|läs|læs) ?(auch|også|också)\b|"
    # An agency or desk credit on its own line: "© dpa-infocom", "(dmk)".
    r"^©|^\(\w{2,5}\)$|"
    # Comment counters and follow-us lines.
    r"^(keine|no|\d+|view|show) (kommentare|comments|comentarios|commentaires)\b|"
    r"^(follow|folgen sie|suivez|s[ií]guenos)\b.{0,80}\b(twitter|instagram|facebook|telegram|whatsapp)\b",
    re.IGNORECASE,
)
_JUNK_PATTERN = re.compile(
    # Consent and sign-up notices, not prose that mentions cookies (a recipe) or newsletters.
    r"(\bcookies? (policy|settings|preferences|consent|richtlinie|einstellungen)|\buses? cookies|"
    r"accept (all )?cookies|cookies akzeptieren|^newsletter\b|newsletter (abonnieren|bestellen)|"
    r"\b(our|unser\w*|nuestr[ao]s?|notre|nos|zum) (\w+ )?\w*newsletter|signing up|"
    r"all rights reserved|©[^.]{0,30}\d{4}|javascript (is )?(disabled|required)|"
    r"enable javascript|your browser does not support|this content is not available|"
    r"sign up for|subscribe to our|story continues below|\b(your|tu|ihr|votre) "
    r"(subscription|suscripción|abonnement|abo)\b|\b\d+ (min|minutes?|minuten|minutos) "
    r"(read|lesezeit|de lecture|de lectura)\b)",
    re.IGNORECASE,
)
# What is left of an embedded post or video: "Link zum YouTube-Inhalt", "Watch on YouTube".
_EMBED_PLATFORM = re.compile(r"youtube|instagram|tiktok|twitter|facebook|vimeo", re.IGNORECASE)
_EMBED_WORDS = re.compile(
    r"\b(link|inhalt|content|watch|view|ansehen|ver|voir|embed|beitrag|post|on|auf|en|sur)\b",
    re.IGNORECASE,
)
MAX_EMBED_WORDS = 5
# The advertising disclosure review and shopping sites put above or below the story, and
# appeals to the reader (donate, write to us, log in, load the embed).
_DISCLOSURE = re.compile(
    r"\b((contains?|enthält|includes?|uses) (\w+ ){0,2}affiliate[ -]links?|"
    r"we may (earn|receive) (a )?(small )?(commission|compensation)|"
    r"advertisers do not influence|contains references to products|enthält (unbezahlte )?werbung|"
    r"provisions-links|partnerlinks|"
    # Appeals and placeholders that speak to the reader rather than tell the story.
    r"consider supporting|support our work|unterstützen sie unsere arbeit|submit (a|your) letter|"
    r"logged in to (post|comment)|eingeloggt sein,? um|inhalte? von .{1,40} zu laden|"
    r"click .{1,40} to load)\b",
    re.IGNORECASE,
)
# A disclosure runs to a few sentences; longer than this it is an article about advertising.
MAX_DISCLOSURE_LENGTH = 400
# A junk pattern line longer than this is probably prose that mentions the word.
MAX_JUNK_LENGTH = 160
# A paragraph of fewer words is a label or a caption rather than a sentence of the story.
MIN_PROSE_WORDS = 8
# Loose text between blocks shorter than this is an icon's label or a date.
MIN_TAIL_WORDS = 4
# A line this short that parses as a date is a timestamp, not prose.
MAX_DATE_LINE = 40
# 'Stand:', 'Publié le :', 'Aktualisiert am', 'Freitag,': a word or three before a timestamp.
_DATE_LABEL = re.compile(r"^[^\W\d]+(?: [^\W\d]+)? ?:\s*|^(?:[^\W\d]+[.,]? ){1,3}")
# A line this short that ends in a colon, at the end of a body, is a label for what follows it.
MAX_LABEL_WORDS = 6
# A line this short that names only the article's authors is its byline.
MAX_BYLINE_WORDS = 12


@dataclass
class Body:
    """Paragraphs in reading order; subheadings appear in both lists."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# Chosen by benchmarks/extraction_quality.py on the development datasets.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": False,
    "include_comments": False,
    "include_tables": True,
}


def run_trafilatura(page: Any, url: str, prune: list[str]) -> Any:
    """trafilatura with metadata, pruning what we know is not body text."""
    return bare_extraction(
        page,
        url=url,
        # One union: trafilatura walks the tree once per expression it is given.
        prune_xpath=" | ".join([PRUNE_XPATH, *prune]),
        **TRAFILATURA_OPTIONS,
    )


_BREAK = "\x00"


def page_metadata(page: Any, url: str) -> Any:
    """trafilatura's metadata search alone (author, date, tags, description in the markup)."""
    return extract_metadata(page, default_url=url)


# trafilatura blocks that can sit inside another (a heading and paragraphs inside a list item);
# each is a paragraph of its own, or its text would be glued to its neighbour's.
_NESTED_BLOCKS = frozenset({"p", "head", "list", "item", "quote"})


def _add_blocks(element: Any, body: Body) -> None:
    """Append one of trafilatura's XML blocks to `body`, a paragraph per block inside it.

    Line breaks and table rows stay apart as lines; a table is one block whatever it holds.
    """
    parts: list[str] = []

    def flush() -> None:
        # Only <lb> and table rows break lines; newlines in the source text are just spaces.
        text = "\n".join(squash(line) for line in visible("".join(parts)).split(_BREAK) if line.strip())
        parts.clear()
        if text:
            body.paragraphs.append(text)
            if element.tag == "head":
                body.subheadings.append(text)

    def walk(node: Any, in_table: bool) -> None:
        if node.tag in ("lb", "row"):
            parts.append(_BREAK)
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in _NESTED_BLOCKS and not in_table:
                flush()
                _add_blocks(child, body)
                parts.append(child.tail or "")
            else:
                walk(child, in_table or child.tag == "table")
        if node.tag in ("cell", "item"):
            parts.append(" ")
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element, element.tag == "table")
    flush()


def body_blocks(document: Any) -> Body:
    """Paragraphs and subheadings from trafilatura's XML body, in order."""
    body = Body()
    if document is None or document.body is None:
        return body
    # A page whose text sits loose in <body> comes back as the body's own text.
    if squash(document.body.text):
        body.paragraphs.append(squash(document.body.text))
    for element in document.body:
        _add_blocks(element, body)
        # Text right after a block (a paragraph without its own <p> after a heading) is body
        # too; the cleanup drops it when it is a byline or a label.
        tail = squash(visible(element.tail or ""))
        if len(tail.split()) >= MIN_TAIL_WORDS:
            body.paragraphs.append(tail)
    return body


def _is_junk(paragraph: str, furniture: set[str], author_keys: set[str]) -> bool:
    key = comparable(paragraph)
    if not key or key in JUNK_LINES or key in furniture:
        return True
    if len(paragraph) <= MAX_DATE_LINE and parse_date(_DATE_LABEL.sub("", paragraph), embedded=False):
        return True
    if (
        len(paragraph.split()) <= MAX_EMBED_WORDS
        and _EMBED_PLATFORM.search(paragraph)
        and _EMBED_WORDS.search(paragraph)
    ):
        return True
    if len(paragraph.split()) <= MAX_BYLINE_WORDS and any(name in key for name in author_keys):
        names = clean_authors([paragraph])
        if names and all(comparable(name) in author_keys for name in names):
            return True
    if len(paragraph) <= MAX_DISCLOSURE_LENGTH and _DISCLOSURE.search(paragraph):
        return True
    if len(paragraph) <= MAX_JUNK_LENGTH:
        return bool(_JUNK_PREFIX.match(paragraph) or _JUNK_PATTERN.search(paragraph))
    return False


def _is_trailing_label(paragraph: str) -> bool:
    """'Kontakt:', 'More from the column:': a label that introduces links the body left out."""
    return paragraph.endswith(":") and len(paragraph.split()) <= MAX_LABEL_WORDS


# "Jane Doe is a reporter…", "Inga Buller ist Head of Social…": the verb that opens a bio.
_BIO_VERB = re.compile(r"^(is|ist|est|es|è|jest|är|er|was|war)\b")


def _is_author_bio(paragraph: str, author_keys: set[str]) -> bool:
    """A closing paragraph about the article's author rather than its subject."""
    key = comparable(paragraph)
    return any(key.startswith(f"{name} ") and _BIO_VERB.match(key[len(name) + 1 :]) for name in author_keys)


def clean_body(body: Body, headline: str, furniture: list[str], authors: list[str] | None = None) -> Body:
    """Remove the repeated headline, bylines, labels, captions, embeds, tag blocks and junk."""
    furniture_keys = {comparable(f) for f in furniture if f}
    author_keys = {comparable(a) for a in authors or []}
    headline_key = comparable(headline)
    # Some sites caption a photo with a sentence of the story; the body then holds it twice,
    # once as prose and once as the leaked caption, and the first copy is the author's.
    repeated = Counter(comparable(p) for p in body.paragraphs)
    told: set[str] = set()
    kept: list[str] = []
    for index, paragraph in enumerate(body.paragraphs):
        key = comparable(paragraph)
        if index < 5 and repeats_headline(paragraph, headline):
            continue
        is_prose_caption = repeated[key] > 1 and len(paragraph.split()) >= MIN_PROSE_WORDS
        if is_prose_caption and key in furniture_keys and key not in told:
            told.add(key)
        elif _is_junk(paragraph, furniture_keys, author_keys):
            continue
        kept.append(paragraph)
    subheading_keys = {comparable(s) for s in body.subheadings}
    # A subheading with nothing after it is a trailing label ("Related", "More news"); a body
    # of nothing but headings is left as it is.
    if any(comparable(p) not in subheading_keys for p in kept):
        while (
            comparable(kept[-1]) in subheading_keys
            or _is_trailing_label(kept[-1])
            or _is_author_bio(kept[-1], author_keys)
        ):
            kept.pop()
    kept_keys = {comparable(p) for p in kept}
    subheadings = [
        s for s in body.subheadings if comparable(s) in kept_keys and comparable(s) != headline_key
    ]
    return Body(paragraphs=kept, subheadings=subheadings)
