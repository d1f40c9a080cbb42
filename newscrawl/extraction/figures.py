"""Images with captions and credits: figures, loose captions and credit elements.

A credit written into the caption's own text is read by credits.py.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import html as lxml_html

from newscrawl.article import Image
from newscrawl.extraction.credits import credit_alone, split_credit, without_credit_label
from newscrawl.extraction.slides import carousel_of_teasers, lazy_addresses, without_slide_count
from newscrawl.extraction.text import (
    LEFTOVER_SEPARATORS,
    SCREEN_READER_CLASSES,
    any_class,
    element_text_without,
)
from newscrawl.sites import SiteRules
from newscrawl.textkey import squash
from newscrawl.urlkey import absolute_url

# Figures that belong to other stories sit in teasers, related links, sidebars, navigation.
# Class names are matched as whole words ('ad' but not 'lead-media' or 'pad-top'), and the
# page-level elements are left out: a <body class="single-post recommended"> says nothing about
# one figure, and neither does any wrapper around the headline ('container vertical-ad-con').
_ELSEWHERE_TAGS = frozenset({"a", "aside", "nav", "footer"})
_PAGE_LEVEL_TAGS = frozenset({"body", "html", "main", "article"})
_ELSEWHERE_CLASS = re.compile(
    r"[\s_-](related|teasers?|recommend\w*|promo\w*|sidebar|carousel|more|read-?next|newsletter"
    r"|ads?|advert\w*)[\s_-]",
    re.IGNORECASE,
)
# Captions outside any <figure>: a <figcaption> or a caption-classed element near an image
# ('image-info', 'detail-img__description', 'mediaSubtitleText', 'bildunterschrift').
_CAPTION_CLASS = re.compile(
    # Each word's first letter in either case, for kebab- and camel-case names alike.
    r"[cC]aption|legend|bildunterschrift|[mM]edia-?([sS]ubtitle|[iI]nfo)"
    r"|([iI]mg|[iI]mage|[pP]hoto|[fF]oto|[bB]ild|[sS]lide)[\w-]*?([dD]esc|[sS]ubtitle|[iI]nfo|[tT]ext)"
)


_CAPTION_FIGCAPTIONS = (
    ".//figcaption[not(@itemprop='author' or @itemprop='copyrightHolder' or @itemprop='creditText'"
    " or contains(@class, 'credit'))]"
)


class _Placement:
    """Whether an element sits in a part of the page that belongs to other stories; each
    ancestor is judged once per page, since a page's figures share most of theirs."""

    def __init__(self) -> None:
        self._judged: dict[lxml_html.HtmlElement, bool] = {}

    def elsewhere(self, node: lxml_html.HtmlElement) -> bool:
        return any(self._judge(ancestor) for ancestor in node.iterancestors())

    def _judge(self, ancestor: lxml_html.HtmlElement) -> bool:
        judged = self._judged.get(ancestor)
        if judged is None:
            names = f" {ancestor.get('class') or ''} {ancestor.get('id') or ''} "
            named = _ELSEWHERE_CLASS.search(names) if ancestor.tag not in _PAGE_LEVEL_TAGS else None
            judged = ancestor.tag in _ELSEWHERE_TAGS or (
                named is not None
                and not ancestor.xpath(".//h1")
                # A carousel is a gallery of the story's photos unless they link to other pages.
                and (named[1].casefold() != "carousel" or carousel_of_teasers(ancestor))
            )
            self._judged[ancestor] = judged
        return judged


def _figures_and_loose_captions(
    tree: lxml_html.HtmlElement,
) -> tuple[list[lxml_html.HtmlElement], list[lxml_html.HtmlElement]]:
    """The page's figures (<figure>, WordPress 'wp-caption' boxes, schema.org ImageObjects) and
    its captions outside any figure, in document order, leaving out those of other stories.

    One walk over the page: an XPath per kind costs three walks and most of this module's time.
    """
    placement = _Placement()
    figures, captions = [], []
    for node in tree.iter("*"):
        names = node.get("class") or ""
        if (
            node.tag == "figure"
            or ("wp-caption" in names and "wp-caption" in names.split())
            or (node.get("itemprop") == "image" and node.get("itemscope") is not None)
        ) and not placement.elsewhere(node):
            figures.append(node)
        if (
            (node.tag == "figcaption" or (names and _CAPTION_CLASS.search(names)))
            and not any(ancestor.tag == "figure" for ancestor in node.iterancestors())
            and not placement.elsewhere(node)
            # A box of a slideshow's captions ('caption-container') runs all of them together;
            # each of its <figcaption>s is taken on its own. A box of one caption may hold its
            # credit in a second <figcaption>.
            and len(node.xpath(_CAPTION_FIGCAPTIONS)) < 2
        ):
            captions.append(node)
    return figures, captions


CAPTION_XPATH = (
    ".//figcaption | .//*[contains(@class, 'wp-caption-text')] | .//*[@itemprop='caption']"
    " | .//*[contains(@class, 'caption') and not(contains(@class, 'credit'))]"
)
CREDIT_XPATH = (
    ".//*[contains(@class, 'credit') or contains(@class, 'copyright') or contains(@class, 'source')"
    " or contains(@class, 'rights')"
    " or contains(@class, 'photographer') or contains(@class, 'author') or contains(@class, 'byline')"
    " or @itemprop='copyrightHolder' or @itemprop='creditText' or @itemprop='author']"
    " | .//small | .//cite"
)


# Parts of a figure that show no caption text: icons with <title>s, buttons, embedded JSON-LD,
# and the label only screen readers get ('Legende:').
_NOT_CAPTION_TAGS = ("script", "style", "svg", "button", "noscript")
# What may follow the social image in its box for the texts there to be its caption and credit.
MAX_CAPTION_SIBLINGS = 2
_NOT_CAPTION_TEXT = " | ".join(
    [
        *(f".//{tag}" for tag in _NOT_CAPTION_TAGS),
        f".//*[{any_class(SCREEN_READER_CLASSES)}]",
    ]
)


def _shown_text(node: lxml_html.HtmlElement) -> str:
    """The text a reader sees in a caption or credit element."""
    return element_text_without(node, _NOT_CAPTION_TEXT)


def _image_url(figure: lxml_html.HtmlElement, base_url: str) -> str | None:
    for img in figure.iter("img", "source", "amp-img"):
        values = [img.get(a) for a in ("src", "data-src", "data-original", "data-lazy-src", "srcset")]
        for value in (str(v or "").strip() for v in [*values, *lazy_addresses(img)]):
            if value.startswith("data:"):
                continue
            # A srcset's first candidate ('a.jpg 1x, b.jpg 2x'); ', x' names none.
            first = value.split(",")[0].split()
            address = absolute_url(base_url, first[0]) if first else None
            if address:
                return address
    return None


def _one_figure(
    figure: lxml_html.HtmlElement, base_url: str, rules: SiteRules | None, lead: bool = False
) -> Image | None:
    url = _image_url(figure, base_url)
    if not url:
        return None
    caption_nodes = [
        node
        for node in figure.xpath(rules.caption if rules and rules.caption else CAPTION_XPATH)
        if node.tag not in _NOT_CAPTION_TAGS  # an icon classed 'caption' is the caption's button
    ]
    if not caption_nodes and _links_elsewhere(figure):
        return None  # an uncaptioned picture that links to another page: a teaser
    caption, credit = _caption_and_credit(caption_nodes[0] if caption_nodes else None, figure, rules)
    if not caption and lead:
        # Alt text describes a picture rather than captioning it; it stands in for the lead
        # photo's caption only, where pages without captions put their description of it.
        caption = next((squash(i.get("alt")) for i in figure.iter("img") if i.get("alt")), "")
    return _image(url, caption, credit)


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.IGNORECASE)


def _links_elsewhere(figure: lxml_html.HtmlElement) -> bool:
    """Whether the figure's image is a link to a page (a lightbox link to the image file is not)."""
    for link in figure.xpath(".//a[@href][.//img] | ancestor::a[@href]"):
        if not _IMAGE_FILE.search(str(link.get("href"))):
            return True
    return False


def _loose_caption(caption: lxml_html.HtmlElement, base_url: str, rules: SiteRules | None) -> Image | None:
    image = _image_before(caption)
    if image is None:
        image = _image_container(caption)
    url = _image_url(image, base_url) if image is not None else None
    if not url:
        return None
    text, credit = _caption_and_credit(caption, caption, rules)
    return _image(url, without_slide_count(text), credit)


def _caption_and_credit(
    caption_node: lxml_html.HtmlElement | None, scope: lxml_html.HtmlElement, rules: SiteRules | None
) -> tuple[str, str | None]:
    """The caption text and its credit: a credit element inside `scope`, else one in the text."""
    credit_nodes = scope.xpath(rules.credit if rules and rules.credit else CREDIT_XPATH)
    credit = next((t for t in (_shown_text(n) for n in credit_nodes) if t), None)
    caption = _shown_text(caption_node) if caption_node is not None else ""
    if credit and caption:
        caption = squash(caption.replace(credit, " ")).rstrip(" |-–—(")
    if caption and not credit:
        # Only a caption element's: the text beside the social image may be the story's own first
        # line ('(All photos: Jane Doe)').
        if alone := credit_alone(caption):
            return "", alone
        caption, credit = split_credit(caption)
    return caption, credit


def _image(url: str, caption: str | None, credit: str | None) -> Image:
    # A label cut off before the caption leaves its separator behind (': Rainer de Meijer, …').
    return Image(
        url=url,
        caption=(caption or "").lstrip(LEFTOVER_SEPARATORS) or None,
        credit=without_credit_label(credit),
    )


def find_images(tree: lxml_html.HtmlElement, base_url: str, rules: SiteRules | None = None) -> list[Image]:
    """Images of the page, each once, with caption and credit when given."""
    nodes, loose_captions = _figures_and_loose_captions(tree)
    figures = [_one_figure(figure, base_url, rules, lead=index == 0) for index, figure in enumerate(nodes)]
    loose = [_loose_caption(node, base_url, rules) for node in loose_captions]
    return unique_images([i for i in figures if i] + [i for i in loose if i and i.caption])


def unique_images(images: list[Image]) -> list[Image]:
    """Each image once: by URL, and by caption and credit, since one photo is often marked up
    several times (a rendition per screen size, a lightbox copy) with the same caption. A later
    mention of an image fills in the caption and credit an earlier one lacked."""
    by_url: dict[str, Image] = {}
    captions: set[tuple[str, str | None]] = set()
    for image in images:
        if image.caption and (image.caption, image.credit) in captions:
            continue
        first = by_url.setdefault(image.url, image)
        if first is not image and not (first.caption or first.credit):
            first.caption, first.credit = image.caption, image.credit
        if first.caption:
            captions.add((first.caption, first.credit))
    return list(by_url.values())


def lead_image_fallback(
    tree: lxml_html.HtmlElement, base_url: str, og_image: str | None, og_alt: str | None
) -> Image | None:
    """The social-card image when no figure carries a caption: the short texts that follow its
    <img> on the page (caption, then credit), else og:image:alt or the <img>'s own alt text, with
    any credit split off."""
    url = absolute_url(base_url, og_image) if og_image else None
    if url is None:
        return None
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    texts: list[str] = []
    alt = None
    if len(name) > 4 and '"' not in name:
        # A <picture> may name the file only in its <source> renditions, its <img> lazily.
        renditions = f'//img[contains(@src, "{name}") or contains(@srcset, "{name}")]'
        for rendition in tree.xpath(f'{renditions} | //picture/source[contains(@srcset, "{name}")]'):
            alt = alt or squash(rendition.get("alt")) or None
            parent = rendition.getparent()
            anchor = parent if parent is not None and parent.tag == "picture" else rendition
            siblings = [s for s in anchor.itersiblings() if s.tag not in _NOT_CAPTION_TAGS]
            # Beside a caption and a credit, anything more is the story flowing past its image.
            if len(siblings) > MAX_CAPTION_SIBLINGS:
                continue
            texts = [t for t in (_shown_text(s) for s in siblings) if t][:2]
            if texts and all(len(t) < 400 for t in texts):
                break
            texts = []
    if texts:
        caption, credit = (texts[0], texts[1] if len(texts) > 1 and len(texts[1]) < 100 else None)
        if credit is None:
            caption, credit = split_credit(caption)
        return _image(url, caption, credit)
    if og_alt or alt:
        caption, credit = split_credit(og_alt or alt or "")
        return _image(url, caption, credit)
    return None


def _image_before(caption: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The image right before a caption: in one of its two preceding siblings, or theirs up to
    three levels up (a caption usually follows its <picture> or the box that holds it)."""
    node: lxml_html.HtmlElement | None = caption
    for _ in range(3):
        if node is None:
            return None
        for sibling in islice(node.itersiblings(preceding=True), 2):
            found = sibling.xpath("descendant-or-self::img | descendant-or-self::amp-img")
            if found:
                return found[-1]
        node = node.getparent()
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
