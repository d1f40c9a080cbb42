"""The article body: trafilatura's main text as blocks (blocks.py), then our cleanup."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from typing import Any

from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import prune_unwanted_nodes

from newscrawl.article import PARAGRAPH, SUBHEADING
from newscrawl.extraction.blocks import Body, body_blocks
from newscrawl.extraction.bodytop import headline_block, not_subheadings
from newscrawl.extraction.cascade import Cascade
from newscrawl.extraction.container import is_comments, story_container
from newscrawl.extraction.endmatter import end_matter_start
from newscrawl.extraction.fallback import trusted_without_fallback
from newscrawl.extraction.headline import repeats_headline
from newscrawl.extraction.junk import is_author_bio, is_junk, is_trailing_label
from newscrawl.extraction.pruning import Pruning
from newscrawl.extraction.text import word_count
from newscrawl.textkey import comparable

# A paragraph of fewer words is a label or a caption rather than a sentence of the story.
MIN_PROSE_WORDS = 8
# Different paragraphs in a row that, printed again in the same order, start a second copy;
# the copy is dropped when it holds this many words.
RUN = 3
MIN_COPY_WORDS = 100
# Chosen by benchmarks/extraction_quality.py on the development datasets.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": False,
    "include_comments": False,
    "include_tables": True,
}


def run_trafilatura(page: Any, url: str, prune: list[str], *, fast: bool = False) -> Any:
    """trafilatura's main text, pruning what we know is not body text (pruning.py); with
    `fast`, without its comparison against the readability and jusText fallbacks."""
    # Pruned here, on a copy: trafilatura's own prune_xpath takes only XPath expressions.
    pruned = prune_unwanted_nodes(copy.copy(page), [Pruning(prune)])
    return bare_extraction(pruned, url=url, fast=fast, **TRAFILATURA_OPTIONS)


# trafilatura kept less than this share of the text of the <article> or <main> around the
# headline: it settled on a teaser list or one box of a long page.
MIN_STORY_SHARE = 0.5


def story_blocks(tree: Any, url: str, prune: list[str], declared_words: int = 0) -> Body:
    """The body's blocks: trafilatura on the page, or on the story's own container alone where
    on the whole page it read far less than that container holds.

    trafilatura's fallback comparison runs only where the page does not show the main
    extractor's body to be the story (see fallback.py); `declared_words` are the words of the
    articleBody the page declares, if any.
    """
    # Both modes share their common stages (cascade.py), which, like trafilatura, prune a copy
    # of the tree, not the tree itself, which our own selectors read afterwards.
    cascade = Cascade(tree, url, Pruning(prune))
    found = story_container(tree)
    shown = _prose_words(found) if found is not None else 0
    # A page that shows no story has nothing to vouch for the main extractor's body with.
    vouched = declared_words or shown
    blocks = body_blocks(cascade.fast) if vouched else Body()
    if not vouched or not trusted_without_fallback(cascade.fast, blocks.paragraphs, vouched):
        blocks = body_blocks(cascade.full)
    read = word_count(blocks.text)
    # trafilatura's last resort hands back the text of the whole <article> as one paragraph,
    # menus and bylines included: read alone, the container comes back in its blocks.
    dump = is_dump(blocks)
    if found is None or (read >= MIN_STORY_SHARE * shown and not dump):
        return blocks
    # Readers' comments are neither the story nor a measure of it; read alone, without the
    # page around them, trafilatura no longer knows them for comments. (Measured with them
    # first: leaving them out only lowers the measure, and most pages stop there.)
    container = copy.deepcopy(found)
    for section in [node for node in container.iter() if is_comments(node)]:
        if section.getparent() is not None:
            section.drop_tree()
    prose = _prose_words(container)
    if read >= MIN_STORY_SHARE * prose and not dump:
        return blocks
    # Read the container alone; then, if it still reads too little, without the names of the
    # story's wrappers: trafilatura drops any element whose class merely contains 'bar' or
    # 'footer' ('bard', a CMS's rich-text field; 'page-footer' holding a list of reviews).
    for unnamed in (False, True):
        page = lxml_html.fromstring("<html><body></body></html>")
        page.body.append(copy.deepcopy(container))
        for wrapper in page.body.xpath(_STORY_WRAPPERS) if unnamed else ():
            wrapper.attrib.pop("class", None)
            wrapper.attrib.pop("id", None)
        again = body_blocks(run_trafilatura(page, url, prune))
        again_read = word_count(again.text)
        # A dump's words are partly the menus and bylines around the story: the story in its
        # blocks is taken even where it has fewer words, as long as it is most of them.
        if again_read > read or (dump and not is_dump(again) and again_read >= MIN_DUMP_SHARE * read):
            blocks, read, dump = again, again_read, False
        if read >= MIN_STORY_SHARE * prose and not dump:
            break
    return blocks


# One paragraph of this many words is a dump of a page's text rather than a paragraph.
MIN_DUMP_WORDS = 400
# Read alone, the container must keep this share of a dump's words: a page whose story the
# dump holds in lists and boxes that trafilatura leaves out is better read as the dump.
MIN_DUMP_SHARE = 0.8


def is_dump(blocks: Body) -> bool:
    """Whether the body is one very long paragraph: the text of a whole element, its
    paragraph boundaries lost."""
    return len(blocks.paragraphs) == 1 and word_count(blocks.text) >= MIN_DUMP_WORDS


def _prose_words(element: Any) -> int:
    return sum(len(node.text_content().split()) for node in element.iter("p", "li"))


# Elements holding three paragraphs or more, and everything around them.
_STORY_WRAPPERS = ".//*[count(p) >= 3]/ancestor-or-self::*[@class or @id]"


def _is_sentence(text: str) -> bool:
    """Prose, though styled as a heading ('Relotius legt ein Fake-Profil an. Es stützt seine
    Version.'): long enough and ending as a sentence ends."""
    return len(text.split()) >= MIN_PROSE_WORDS and text.rstrip().endswith((".", "!", "?", "…", "“", '"'))


def _second_copies(paragraphs: list[str]) -> set[int]:
    """Indexes of paragraphs that print a long run of earlier ones again, in the same order: a
    page that ships the story twice, for wide and narrow screens or in tabs. Short repeated
    runs are the page's own: a training plan's weeks, a list of pros and cons per product."""
    keys = [comparable(p) for p in paragraphs]
    seen: set[tuple[str, ...]] = set()
    repeated: set[int] = set()
    for end in range(RUN, len(keys) + 1):
        run = tuple(keys[end - RUN : end])
        if len(set(run)) == RUN and run in seen:
            repeated.update(range(end - RUN, end))
        seen.add(run)
    copies: set[int] = set()
    for group in _consecutive(sorted(repeated)):
        if sum(word_count(paragraphs[i]) for i in group) >= MIN_COPY_WORDS:
            copies.update(group)
    return copies


def _consecutive(indexes: list[int]) -> list[list[int]]:
    groups: list[list[int]] = []
    for index in indexes:
        if groups and index == groups[-1][-1] + 1:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def clean_body(
    body: Body,
    headline: str,
    furniture: list[str],
    authors: list[str] | None = None,
    variants: Sequence[str] = (),
    *,
    description: str | None = None,
    linked: frozenset[str] = frozenset(),
) -> Body:
    """Remove the repeated headline (or one of the `variants` the page declares for search and
    social cards) with its kicker, bylines, labels, captions, embeds, tag blocks and junk. The
    standfirst (`description`) and headings that are only a link to another story (`linked`,
    bodytop.linked_headings) stay as paragraphs, not subheadings."""
    furniture_keys = {comparable(f) for f in furniture if f}
    author_keys = {comparable(a) for a in authors or []}
    headline_key = comparable(headline)
    # Some sites caption a photo with a sentence of the story; the body then holds it twice,
    # once as prose and once as the leaked caption, and the first copy is the author's.
    repeated = Counter(comparable(p) for p in body.paragraphs)
    told: set[str] = set()
    copies = _second_copies(body.paragraphs) | headline_block(body.paragraphs, (headline, *variants))
    kept: list[str] = []
    kinds: list[str] = []
    for index, (paragraph, kind) in enumerate(zip(body.paragraphs, body.kinds, strict=True)):
        key = comparable(paragraph)
        if index < 5 and any(repeats_headline(paragraph, told_as) for told_as in (headline, *variants)):
            continue
        is_prose_caption = repeated[key] > 1 and len(paragraph.split()) >= MIN_PROSE_WORDS
        if is_prose_caption and key in furniture_keys and key not in told:
            told.add(key)
        elif is_junk(paragraph, furniture_keys, author_keys) or index in copies:
            continue
        kept.append(paragraph)
        kinds.append(kind)
    # A list of sources or citations closing the page; a body that is nothing else is kept.
    if 0 < (end := end_matter_start(kept)) < len(kept):
        del kept[end:], kinds[end:]
    subheading_keys = {comparable(s) for s in body.subheadings}
    # A subheading with nothing after it is a trailing label ("Related", "More news"); a body
    # of nothing but headings is left as it is.
    if any(comparable(p) not in subheading_keys for p in kept):
        while kept and (
            (comparable(kept[-1]) in subheading_keys and not _is_sentence(kept[-1]))
            or is_trailing_label(kept[-1])
            or is_author_bio(kept[-1], author_keys)
        ):
            kept.pop()
            kinds.pop()
    kept_keys = {comparable(p) for p in kept}
    subheadings = [
        s for s in body.subheadings if comparable(s) in kept_keys and comparable(s) != headline_key
    ]
    # A heading that repeats the headline stays in the text, as a paragraph.
    heads = {comparable(s) for s in subheadings}
    kinds = [
        PARAGRAPH if kind == SUBHEADING and comparable(text) not in heads else kind
        for text, kind in zip(kept, kinds, strict=True)
    ]
    kinds = not_subheadings(kept, kinds, description, linked)
    subheadings = [text for text, kind in zip(kept, kinds, strict=True) if kind == SUBHEADING]
    return Body(paragraphs=kept, subheadings=subheadings, kinds=kinds)
