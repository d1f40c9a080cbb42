"""Images with captions and credits: figure/figcaption, credit spans and text conventions."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from newscrawl.article import Image
from newscrawl.extraction.text import element_text, squash
from newscrawl.sites import SiteRules

FIGURE_XPATH = (
    "//figure | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ')]"
    " | //*[@itemprop='image' and @itemscope]"
)
CAPTION_XPATH = (
    ".//figcaption | .//*[contains(@class, 'wp-caption-text')] | .//*[@itemprop='caption']"
    " | .//*[contains(@class, 'caption') and not(contains(@class, 'credit'))]"
)
CREDIT_XPATH = (
    ".//*[contains(@class, 'credit') or contains(@class, 'copyright') or contains(@class, 'source')"
    " or contains(@class, 'photographer') or contains(@class, 'author') or contains(@class, 'byline')"
    " or @itemprop='copyrightHolder' or @itemprop='creditText' or @itemprop='author']"
    " | .//small | .//cite"
)
# "Photo: Jane Doe", "(Foto: dpa)", "© Reuters", "Credit: AP", "Image by X via Y" ...
_CREDIT_IN_TEXT = re.compile(
    r"[\(\[|/]?\s*(?:(?:photo(?:graph)?|picture|image|foto|bild|credit|crédit|source|quelle|"
    r"fotó|zdjęcie|kuva|foto ?credit|photo credit)s?\s*(?:by)?\s*[:©]|©|\(c\)|copyright)\s*"
    r"(?P<credit>[^()\[\]]{2,120}?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)
_IMAGE_CREDIT_SUFFIX = re.compile(r"(?P<credit>\b[A-Z][\w.'\- ]*(?:/[\w.'\- ]+)+(?: via [\w.'\- ]+)?)\s*$")


def _image_url(figure: lxml_html.HtmlElement, base_url: str) -> str | None:
    for img in figure.iter("img", "source", "amp-img"):
        for attribute in ("src", "data-src", "data-original", "data-lazy-src", "srcset"):
            value = str(img.get(attribute) or "").strip()
            if value and not value.startswith("data:"):
                return urljoin(base_url, value.split(",")[0].split()[0])
    return None


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a caption that carries its credit at the end: 'Caption. Photo: X' -> (caption, X)."""
    match = _CREDIT_IN_TEXT.search(text)
    if match and match.start() > 0:
        return text[: match.start()].strip(" |-–—("), match.group("credit").strip()
    match = _IMAGE_CREDIT_SUFFIX.search(text)
    if match and match.start() > 0 and text[: match.start()].rstrip().endswith((".", "!", "?")):
        return text[: match.start()].strip(), match.group("credit").strip()
    return text, None


def _one_figure(figure: lxml_html.HtmlElement, base_url: str, rules: SiteRules | None) -> Image | None:
    url = _image_url(figure, base_url)
    if not url:
        return None
    credit_nodes = figure.xpath(rules.credit if rules and rules.credit else CREDIT_XPATH)
    credit = next((t for t in (element_text(n) for n in credit_nodes) if t), None)
    caption_nodes = figure.xpath(rules.caption if rules and rules.caption else CAPTION_XPATH)
    caption = element_text(caption_nodes[0]) if caption_nodes else ""
    if credit and caption:
        caption = squash(caption.replace(credit, " ")).rstrip(" |-–—(")
    if caption and not credit:
        caption, credit = split_credit(caption)
    if not caption:
        alt = next((squash(i.get("alt")) for i in figure.iter("img") if i.get("alt")), "")
        caption = alt
    return Image(url=url, caption=caption or None, credit=_strip_credit_label(credit))


def _strip_credit_label(credit: str | None) -> str | None:
    if not credit:
        return None
    credit = re.sub(
        r"^\s*(?:\(|\[)?\s*(?:photo(?:graph)?|picture|image|foto|bild|credit|source|quelle)s?"
        r"\s*(?:by)?\s*[:©]\s*|^\s*©\s*|^\s*\(c\)\s*",
        "",
        credit,
        flags=re.IGNORECASE,
    )
    return credit.strip(" ()[]") or None


def find_images(tree: lxml_html.HtmlElement, base_url: str, rules: SiteRules | None = None) -> list[Image]:
    """Images of the page in document order, each once, with caption and credit when given."""
    images: list[Image] = []
    seen: set[str] = set()
    for figure in tree.xpath(FIGURE_XPATH):
        image = _one_figure(figure, base_url, rules)
        if image and image.url not in seen:
            seen.add(image.url)
            images.append(image)
    return images
