"""Lines that are page furniture rather than story: labels, links, notices, credits, bylines.

Each test is on one paragraph, in many languages, compared case- and punctuation-blind where it
can be; long paragraphs are only junk for the few patterns that cannot occur in prose.
"""

from __future__ import annotations

import re

from newscrawl.extraction.authors import MAX_BYLINE_WORDS, clean_authors
from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.junklines import JUNK_LINES
from newscrawl.textkey import comparable

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
    r"\(?(titelbild|bildquelle|crédits? photos?|(photo|image|picture) credits?|featured image|credits?|"
    r"photos?|fotos?|bild|image|quelle|fuente|source))"
    r"\s*[:|»>\-–]|^(à )?lire aussi\b|^(lesen sie|les|läs|læs) ?(auch|også|också)\b|"
    # An agency or desk credit on its own line: "© dpa-infocom", "(dmk)".
    r"^©|^\(\w{2,5}\)$|"
    # Comment counters and follow-us lines.
    r"^(keine|no|\d+|view|show) (kommentare|comments|comentarios|commentaires)\b|"
    r"^(follow|folgen sie|suivez|s[ií]guenos)\b.{0,80}\b(twitter|instagram|facebook|telegram|whatsapp)\b|"
    # Pointers to more elsewhere ('Mehr zur Lage lesen Sie in unserem Liveblog:'), a fact-check
    # standard, and like or support buttons ('❤ Sitename unterstützen').
    r"^mehr (zu|zum|zur|über) .{0,60}\b(lesen|finden) sie\b|^our standards\s*:|^[❤♥]|"
    # Reading time, and the broadcast a story ran in ('Sendung: Radio Stadt, …').
    r"^(lesedauer|lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?\s*\d|"
    r"^(sendung|dieses thema im programm)\s*:|"
    # A paginated story's counter: 'Page 1 of 8'.
    r"^(page|seite) \d+ (of|von) \d+$|"
    # The categories a blog files a post under: 'Posted in Blockchain, Smart Contracts'.
    r"^(posted in|filed under)\s|"
    # 'Lea más: …', 'MIRA: …': Spanish pointers to another story.
    r"^(lea( más)?|mira)\s*:",
    re.IGNORECASE,
)
# A script's key that leaked into the markup as text: 'showPaywallPiano:'.
_SCRIPT_KEY = re.compile(r"^[a-z]+[A-Z][A-Za-z]*\s*:$")
# Matched against the lower-cased line: case-blind matching costs Python's re twice the time.
_JUNK_PATTERN = re.compile(
    # Consent and sign-up notices, not prose that mentions cookies (a recipe) or newsletters.
    r"(\bcookies? (policy|settings|preferences|consent|richtlinie|einstellungen)|\buses? cookies|"
    r"accept (all )?cookies|cookies akzeptieren|^newsletter\b|newsletter (abonnieren|bestellen)|"
    r"\b(our|unser\w*|nuestr[ao]s?|notre|nos|zum) (\w+ )?\w*newsletter|"
    r"all rights reserved|©[^.]{0,30}\d{4}|javascript (is )?(disabled|required)|"
    r"enable javascript|your browser does not support|this content is not available|"
    r"sign up for|subscribe to our|\b(news|stories|headlines|updates|best of .{1,30}) (straight |directly )?"
    r".{0,40}\b(in|into|to) your inbox\b|"
    r"story continues below|\b(your|tu|ihr|votre) "
    r"(subscription|suscripción|abonnement|abo)\b|\b\d+ (min\.?|minutes?|minuten|minutos) "
    r"(read|lesezeit|de lecture|de lectura)\b)",
)
# What is left of an embedded post or video: "Link zum YouTube-Inhalt", "Watch on YouTube".
_EMBED_PLATFORM = re.compile(r"youtube|instagram|tiktok|twitter|facebook|vimeo", re.IGNORECASE)
_EMBED_WORDS = re.compile(
    r"\b(link|inhalt|content|watch|view|ansehen|ver|voir|embed|beitrag|post|on|auf|en|sur)\b",
    re.IGNORECASE,
)
MAX_EMBED_WORDS = 5
# The advertising disclosure review and shopping sites put above or below the story, and
# appeals to the reader (donate, write to us, log in, load the embed). Lower-cased line, too.
_DISCLOSURE = re.compile(
    r"\b((contains?|enthält|includes?|uses) (\w+ ){0,2}affiliate[ -]links?|"
    r"we may (earn|receive) (a )?(small )?(commission|compensation)|"
    r"advertisers do not influence|contains references to products|enthält (unbezahlte )?werbung|"
    r"provisions-links|partnerlinks|"
    # Appeals and placeholders that speak to the reader rather than tell the story.
    r"consider supporting|support our work|unterstützen sie unsere arbeit|submit (a|your) letter|"
    r"logged in to (post|comment)|eingeloggt sein,? um|inhalte? von .{1,40} zu laden|"
    r"click .{1,40} to load|report an? (error|typo)|"
    r"(do you|have you got|got) (have )?a story( to tell)?|join (our|the) (commenting forum|conversation)|"
    r"(s[oó]lo|only|nur|réservée?) (para|for|für|aux) (suscriptores|subscribers|abonnenten|abonnés)|"
    r"push-nachrichten|(link|url)\s*(copied|kopiert|copié)|(you're|you are) subscribed|"
    r"exclusive to .{1,30} subscribers|help to keep publishing|pin it for later|"
    r"kostenlos testen|braucht (deine|ihre|eure) unterstützung|"
    r"wie hat ihnen (dieser|der) (artikel|beitrag) gefallen|was this (article|post) helpful|"
    r"log in or create an account|you are using a browser version|this is a breaking news? story|"
    r"an dieser stelle finden sie (einen|ergänzende|externe)|verfügbar bis \d+|get in touch at|"
    r"subscribe now|please subscribe|already a subscriber|apps? for ios and android|"
    r"canal de (telegram|whatsapp|youtube)|werden sie mitglied|einfach hier klicken|im abo|"
    r"unterstütze .{1,30} (mit|bereits)|chroniony prawem autorskim|przeczytasz w|"
    r"zapraszamy (też )?do subskrypcji)\b"
    # Asked, not told: 'Fehler gefunden?', 'Spotted a typo?'; and 'Article URL copied' in Korean.
    r"|\b(fehler gefunden|(found|spotted) an? (error|typo|mistake)|already have an account)\?|url이 복사",
)
# A disclosure runs to a few sentences; longer than this it is an article about advertising.
MAX_DISCLOSURE_LENGTH = 400
# A junk pattern line longer than this is probably prose that mentions the word.
MAX_JUNK_LENGTH = 160
# A line this short that parses as a date is a timestamp, not prose.
MAX_DATE_LINE = 40
# 'Stand:', 'Publié le :', 'Aktualisiert am', 'Freitag,': a word or three before a timestamp.
_DATE_LABEL = re.compile(r"^[^\W\d]+(?: [^\W\d]+)? ?:\s*|^(?:[^\W\d]+[.,]? ){1,3}")
# 'Last updated on', 'Posted on', 'Updated:': the words that label a timestamp in English,
# before a date that starts with its month ('Updated August 14, 2025').
_ENGLISH_DATE_LABEL = re.compile(r"^((last|updated|posted|published|modified|on|date)\b:? ?)+", re.IGNORECASE)
# '16th', ' at 09:27 am', ' um 15:44 Uhr': what a date parser does not read.
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b")
_CLOCK = re.compile(r",?\s+(at\s+|um\s+|à\s+)?\d{1,2}[:.h]\d{2}(\s*([ap]\.?m\.?|uhr))?$", re.IGNORECASE)
# A line this short that ends in a colon, at the end of a body, is a label for what follows it.
MAX_TRAILING_LABEL_WORDS = 6


def is_junk(paragraph: str, furniture: set[str], author_keys: set[str]) -> bool:
    """Furniture: a known label or notice, a timestamp, an embed leftover, a byline, a disclosure."""
    key = comparable(paragraph)
    # No letter or digit: a rule drawn with underscores or dashes ('___').
    if not key or key in JUNK_LINES or key in furniture or not any(c.isalnum() for c in paragraph):
        return True
    if _SCRIPT_KEY.match(paragraph):
        return True
    if _is_date_line(paragraph):
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
    lower = paragraph.lower()
    if len(paragraph) <= MAX_DISCLOSURE_LENGTH and _DISCLOSURE.search(lower):
        return True
    if len(paragraph) <= MAX_JUNK_LENGTH:
        return bool(_JUNK_PREFIX.match(paragraph) or _JUNK_PATTERN.search(lower))
    return False


def _is_date_line(paragraph: str) -> bool:
    """A timestamp with its label: 'Stand: 17.01.2021', 'Feb 2, 2023', 'Posted on Nov 21, 2018',
    'August 16, 2019 - Updated July 9, 2025'."""
    if len(paragraph) > 2 * MAX_DATE_LINE:
        return False
    stamps = [_CLOCK.sub("", _ORDINAL.sub("", part)).strip() for part in paragraph.split(" - ")]
    return all(
        len(stamp) <= MAX_DATE_LINE
        and bool(
            parse_date(_DATE_LABEL.sub("", stamp), embedded=False)
            or parse_date(_ENGLISH_DATE_LABEL.sub("", stamp), embedded=False)
        )
        for stamp in stamps
    )


def is_trailing_label(paragraph: str) -> bool:
    """'Kontakt:', 'More from the column:': a label that introduces links the body left out."""
    return paragraph.endswith(":") and len(paragraph.split()) <= MAX_TRAILING_LABEL_WORDS


# "Jane Doe is a reporter…", "Inga Buller ist Head of Social…": the verb that opens a bio.
_BIO_VERB = re.compile(r"^(is|ist|est|es|è|jest|är|er|was|war)\b")


def is_author_bio(paragraph: str, author_keys: set[str]) -> bool:
    """A closing paragraph about the article's author rather than its subject."""
    key = comparable(paragraph)
    return any(key.startswith(f"{name} ") and _BIO_VERB.match(key[len(name) + 1 :]) for name in author_keys)
