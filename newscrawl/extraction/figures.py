"""Images with captions and credits: figure/figcaption, credit spans and text conventions."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from newscrawl.article import Image
from newscrawl.extraction.text import element_text, squash
from newscrawl.sites import SiteRules

# Figures that belong to other stories: teasers, related links, sidebars, navigation.
_ELSEWHERE = (
    "ancestor::a or ancestor::aside or ancestor::nav or ancestor::footer"
    " or ancestor::*[re:test(concat(@class, ' ', @id),"
    " '(related|teaser|recommend|promo|sidebar|widget|carousel|more-|read-?next|newsletter|ad-)', 'i')]"
)
FIGURE_XPATH = (
    f"//figure[not({_ELSEWHERE})]"
    f" | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ')][not({_ELSEWHERE})]"
    f" | //*[@itemprop='image' and @itemscope][not({_ELSEWHERE})]"
)
# Captions outside any <figure>: a caption-classed element next to an image in a small container.
LOOSE_CAPTION_XPATH = (
    "//*[(contains(@class, 'caption') or contains(@class, 'Caption') or contains(@class, 'legend')"
    " or contains(@class, 'bildunterschrift') or contains(@class, 'image-text'))"
    f" and not(ancestor::figure)][not({_ELSEWHERE})]"
)
_NS = {"re": "http://exslt.org/regular-expressions"}
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
# "... on July 31, 2024. (AP Photo/Charles Rex Arbogast)", "(Reuters)", "(dpa/picture alliance)"
_CREDIT_IN_PARENS = re.compile(
    r"\((?P<credit>[^()]*(?:photo|foto|getty|reuters|afp|\bap\b|dpa|epa|imago|/)[^()]*)\)\s*$",
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
    match = _CREDIT_IN_PARENS.search(text)
    if match and match.start() > 0:
        return text[: match.start()].strip(), match.group("credit").strip()
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
    for figure in tree.xpath(FIGURE_XPATH, namespaces=_NS):
        image = _one_figure(figure, base_url, rules)
        if image and image.url not in seen:
            seen.add(image.url)
            images.append(image)
    for caption in tree.xpath(LOOSE_CAPTION_XPATH, namespaces=_NS):
        container = _image_container(caption)
        image = _one_figure(container, base_url, rules) if container is not None else None
        if image and image.url not in seen and image.caption:
            seen.add(image.url)
            images.append(image)
    return images


def lead_image_fallback(
    tree: lxml_html.HtmlElement, base_url: str, og_image: str | None, og_alt: str | None
) -> Image | None:
    """The social-card image when no figure carries a caption: the short texts that follow its
    <img> on the page (caption, then credit), else og:image:alt with any credit split off."""
    if not og_image:
        return None
    url = urljoin(base_url, og_image)
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    texts: list[str] = []
    if len(name) > 4:
        for img in tree.xpath(f'//img[contains(@src, "{name}") or contains(@srcset, "{name}")]'):
            anchor = (
                img.getparent() if img.getparent() is not None and img.getparent().tag == "picture" else img
            )
            texts = [t for t in (element_text(s) for s in anchor.itersiblings()) if t][:2]
            if texts and all(len(t) < 400 for t in texts):
                break
            texts = []
    if texts:
        caption, credit = (texts[0], texts[1] if len(texts) > 1 and len(texts[1]) < 100 else None)
        if credit is None:
            caption, credit = split_credit(caption)
        return Image(url=url, caption=caption, credit=_strip_credit_label(credit))
    if og_alt:
        caption, credit = split_credit(og_alt)
        return Image(url=url, caption=caption, credit=_strip_credit_label(credit))
    return None


def _image_container(caption: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The nearest ancestor, at most three levels up, that holds exactly one image."""
    node = caption.getparent()
    for _ in range(3):
        if node is None:
            return None
        if len(node.xpath(".//img | .//amp-img")) == 1:
            return node
        node = node.getparent()
    return None
