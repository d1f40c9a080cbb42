"""A caption's credit read from its text: where it starts ('Photo: X', '(AP)', 'Jane Doe/AP'),
and the credit without its label and brackets."""

from __future__ import annotations

import re

# "Photo: Jane Doe", "(Foto: dpa)", "© Reuters", "Credit: AP", "Image by X via Y" ...
_CREDIT_IN_TEXT = re.compile(
    r"[\(\[|/]?\s*(?:(?:photo(?:graph)?|picture|image|foto|bild(?:rechte)?|credit|crédit|source|quelle|"
    r"fotó|zdjęcie|kuva|isithombe|фото|снимок|foto ?credit|photo credit)s?\s*(?:by)?\s*[:©]|©|\(c\)|copyright"
    r"|[—–-]\s*(?:photo(?:graph)?|picture|image)s? by\b)\s*"
    r"(?P<credit>[^()\[\]]{2,120}?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)
# "... on July 31, 2024. (AP Photo/Charles Rex Arbogast)", "(Reuters)", "(dpa/picture alliance)",
# "(Dok. Pribadi)" (Indonesian: the documentation of a person or body)
_CREDIT_IN_PARENS = re.compile(
    r"\((?P<credit>[^()]*(?:photo|foto|getty|reuters|afp|\bap\b|dpa|epa|imago|\bdok\.|/)[^()]*)\)\s*$",
    re.IGNORECASE,
)
_IMAGE_CREDIT_SUFFIX = re.compile(r"(?P<credit>\b[A-Z][\w.'\- ]*(?:/[\w.'\- ]+)+(?: via [\w.'\- ]+)?)\s*$")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])")
_NAME_AFTER_SENTENCE = re.compile(r"[.!?]\s*(?P<name>[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,2})$")
# A caption slot holding only '(Agency)': the brackets that set a credit apart from its caption.
_ONLY_PARENTHESIZED = re.compile(r"\(\s*(?P<credit>[^()]+?)\s*\)")
MAX_CREDIT_WORDS = 6
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "da", "di", "du", "le", "la"})


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a caption that carries its credit at the end: 'Caption. Photo: X' -> (caption, X)."""
    match = _CREDIT_IN_PARENS.search(text)
    if match and match.start() > 0:
        caption, credit = text[: match.start()].strip(), match.group("credit").strip()
        # 'Caption. Jane Doe (dpa/Getty)': the photographer's name after the caption's last
        # sentence goes with the agency ('2024.Jane Doe' where the two were separate elements).
        named = _NAME_AFTER_SENTENCE.search(caption)
        if named and all(word[0].isupper() for word in named.group("name").split()):
            return caption[: named.start("name")].strip(), f"{named.group('name')} ({credit})"
        return caption, credit
    match = _CREDIT_IN_TEXT.search(text)
    if match and match.start() > 0:
        return text[: match.start()].strip(" |-–—(,;"), match.group("credit").strip()
    # 'Caption. Jane Doe/Agency': the credit is the whole of a short last part after a sentence,
    # names in capitals before its slash ('J. R. Doe/AP'; 'Smith speaks. J. R. Doe/AP' is not one).
    for end in _SENTENCE_END.finditer(text):
        tail = text[end.end() :]
        names = tail.split("/", 1)[0].split()
        if (
            len(tail.split()) <= MAX_CREDIT_WORDS
            and all(name[0].isupper() or name in _NAME_PARTICLES for name in names)
            and (match := _IMAGE_CREDIT_SUFFIX.fullmatch(tail))
        ):
            return text[: end.end()].strip(), match.group("credit").strip()
    return text, None


def credit_alone(caption: str) -> str | None:
    """The credit of a caption that is only a credit in brackets ('(Reuters)')."""
    alone = _ONLY_PARENTHESIZED.fullmatch(caption)
    if alone and len(alone.group("credit").split()) <= MAX_CREDIT_WORDS:
        return str(alone.group("credit"))
    return None


def without_credit_label(credit: str | None) -> str | None:
    """The credit without its label ('Photo:', '©') and the brackets around it."""
    if not credit:
        return None
    credit = re.sub(
        r"^\s*(?:\(|\[)?\s*(?:photo(?:graph)?|picture|image|foto|фото|bild(?:rechte)?|credit|source|quelle)s?"
        r"\s*(?:by)?\s*[:©]\s*|^\s*©\s*|^\s*\(c\)\s*|^\s*(?:photo(?:graph)?|picture|image)s? by\s+",
        "",
        credit,
        flags=re.IGNORECASE,
    )
    return _unbracketed(credit) or None


def _unbracketed(text: str) -> str:
    """The text without the brackets around it or left over at its ends by a split: the last
    one of 'Jane Doe (Getty)' belongs to the credit, those of '(Getty)' or 'Getty)' do not."""
    text = text.strip()
    while text:
        first, last = text[0], text[-1]
        if first in _BRACKETS and text.count(first) > text.count(_BRACKETS[first]):
            text = text[1:].strip()
        elif last in _CLOSING and text.count(last) > text.count(_CLOSING[last]):
            text = text[:-1].strip()
        elif first in _BRACKETS and last == _BRACKETS[first] and _balanced(text[1:-1], first, last):
            text = text[1:-1].strip()
        else:
            return text
    return text


_BRACKETS = {"(": ")", "[": "]"}
_CLOSING = {")": "(", "]": "["}


def _balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == opening) - (char == closing)
        if depth < 0:
            return False
    return depth == 0
