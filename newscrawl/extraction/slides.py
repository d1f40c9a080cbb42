"""Photo galleries: a carousel of the story's photos told from one of teasers, its slides' counters
and the addresses its lazily loaded slides keep in data attributes."""

from __future__ import annotations

import re

from lxml import html as lxml_html

_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.IGNORECASE)
# '3 of 12 |', '3/12', '3 von 12 ·': the slide's place in the gallery, printed before its caption.
_SLIDE_COUNT = re.compile(
    r"^\s*\d{1,3}\s*(?:of|/|von|de|sur|di|av|z)\s*\d{1,3}\s*[|·:–—-]?\s*", re.IGNORECASE
)
# A lazy loader's attribute for the address ('data-flickity-lazyload', 'data-lazy-srcset'):
# the browser shows a placeholder in src until the script copies this one there.
_LAZY_ATTRIBUTE = re.compile(r"^data-[\w-]*(?:src|lazy)[\w-]*$", re.IGNORECASE)


def carousel_of_teasers(carousel: lxml_html.HtmlElement) -> bool:
    """Whether a carousel shows other stories: their pictures link to their pages. A gallery's
    photos link nowhere, or to the image file a lightbox opens."""
    return any(
        not _IMAGE_FILE.search(str(link.get("href"))) for link in carousel.xpath(".//a[@href][.//img]")
    )


def without_slide_count(caption: str) -> str:
    """The caption without the slide counter a gallery prints before it."""
    return _SLIDE_COUNT.sub("", caption, count=1)


def lazy_addresses(image: lxml_html.HtmlElement) -> list[str]:
    """The addresses a lazily loaded <img> or <source> keeps in a loader's data attributes."""
    return [
        value
        for name, value in image.attrib.items()
        if _LAZY_ATTRIBUTE.match(name) and value.strip() and not value.strip().startswith("data:")
    ]
