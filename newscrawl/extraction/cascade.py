"""trafilatura's cascade on one page, its fast result and its full one sharing what both compute.

The body is first read with trafilatura's main extractor alone (`fast`), and where the page
doubts that body (fallback.py), again with its comparison against readability and jusText. Two
calls of bare_extraction would prune, clean and convert the page twice, run the main extractor
twice and measure the page's text twice, all of it the same both times: more than half of the
second call. So the steps of bare_extraction, trafilatura_sequence and extract_content are
called here, for the options run_trafilatura (body.py) passes, and those the modes share run
once; only the main extractor's recovery of loose text, and what follows it, differ.
test_cascade.py holds both results to bare_extraction's on every fixture page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from copy import copy, deepcopy
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lxml.etree import strip_elements, strip_tags
from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _prepare_tree,
)
from trafilatura.external import compare_extraction, justext_rescue
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import _elem_text, _extract, extract_content, recover_wild_text
from trafilatura.metadata import Document
from trafilatura.settings import MIN_DUPLICATE_LENGTH, Extractor
from trafilatura.utils import SPACING_PROTECTED, text_chars_test
from trafilatura.xml import delete_element, xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

logger = logging.getLogger(__name__)


def extractor(url: str, *, fast: bool) -> Extractor:
    """The options bare_extraction builds from run_trafilatura's arguments."""
    return Extractor(output_format="python", fast=fast, comments=False, tables=True, url=url)


@dataclass
class _MainPass:
    """The main extractor's body and text before its recovery and tidying; the tags it may
    keep; the page before the pass (`before`) and its elements (`order`), for the recovery."""

    body: Any
    text: str
    potential_tags: set[str]
    before: Any
    order: list[Any]


@dataclass
class _Prepared:
    """The page as trafilatura_sequence hands it to its extractors: pruned, then cleaned
    (`backup`, read by jusText) and converted to trafilatura's tags (`converted`)."""

    tree: Any
    backup: Any
    converted: Any


class Cascade:
    """bare_extraction(tree, url, fast=..., with_metadata=False, include_comments=False,
    include_tables=True) for both values of `fast`, on a copy of `tree` without the elements
    `prune` selects (pruning.py), as run_trafilatura (body.py) calls it."""

    def __init__(self, tree: Any, url: str, prune: Callable[[Any], list[Any]]) -> None:
        self.url = url
        self._tree = tree
        self._prune = prune

    @cached_property
    def _prepared(self) -> _Prepared | None:
        options = extractor(self.url, fast=True)
        try:
            tree = prune_unwanted_nodes(copy(self._tree), [self._prune])
            # Comments are off: a forum thread keeps its comment sections, which are its posts.
            is_forum = _forum_thread_page(tree)
            tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
            if not is_forum:
                tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
            converted, backup = _prepare_tree(tree, options, self.url)
        except (TypeError, ValueError):
            return None
        return _Prepared(tree, backup, converted)

    @cached_property
    def _page_chars(self) -> int:
        """The length of the page's text, against which the recall escalation measures a body."""
        assert self._prepared is not None
        return len(html2txt(self._prepared.tree))

    @cached_property
    def fast(self) -> Document | None:
        return self._run(fast=True)

    @cached_property
    def full(self) -> Document | None:
        return self._run(fast=False)

    def _run(self, *, fast: bool) -> Document | None:
        prepared = self._prepared
        if prepared is None:
            return None
        options = extractor(self.url, fast=fast)
        try:
            body, text = self._sequence(prepared, options)
            if len(text) < options.min_output_size and options.min_output_comm_size > 0:
                raise ValueError
        except (TypeError, ValueError):
            logger.debug("trafilatura discarded %s", self.url)
            return None
        document = Document()
        document.text = document.raw_text = xmltotxt(body, options.formatting)
        document.body = body
        return document

    def _sequence(self, prepared: _Prepared, options: Extractor) -> tuple[Any, str]:
        """trafilatura_sequence from its first extractor on."""
        tree = prepared.tree
        body, text = self._extracted(options)
        if not options.fast:
            body, text = compare_extraction(prepared.backup, copy(tree), body, text, options)
        if len(text) < options.min_extracted_size:
            b_body, b_text, b_len = baseline(tree)
            if b_len > len(text):
                body, text = b_body, b_text
        if 0 < len(text) < ESCALATION_MAX_LENGTH and len(text) < ESCALATION_PAGE_SHARE * self._page_chars:
            r_options = copy(options)
            r_options.focus = "recall"
            r_text = ""
            try:
                r_converted, r_backup = _prepare_tree(tree, r_options, self.url)
                r_body, r_text = extract_content(r_converted, r_options)
                if not r_options.fast:
                    r_body, r_text = compare_extraction(r_backup, copy(tree), r_body, r_text, r_options)
            except Exception as error:
                logger.warning("recall retry failed: %s %s", error, self.url)
            j_text = ""
            if not options.fast:
                try:
                    j_body, j_text = justext_rescue(copy(tree), options)
                except Exception as error:
                    logger.warning("justext candidate failed: %s %s", error, self.url)
            len_text, r_len, j_len = len(text), len(r_text), len(j_text)
            if j_len > r_len and j_len > ESCALATION_JUSTEXT_RATIO * len_text:
                body, text = j_body, j_text
            elif r_len >= options.min_extracted_size and r_len > ESCALATION_ACCEPT_RATIO * len_text:
                body, text = r_body, r_text
        return body, text

    @cached_property
    def _main_pass(self) -> _MainPass | None:
        """extract_content's main pass, which reads the page alike in both modes."""
        assert self._prepared is not None
        converted = self._prepared.converted
        # The page as the pass found it, and its elements, whose tags the pass rewrites to mark
        # what it took: the recovery of loose text reads the first, leaving out the latter.
        before, order = deepcopy(converted), list(converted.iter())
        try:
            body, text, potential_tags = _extract(converted, extractor(self.url, fast=True))
        except (TypeError, ValueError):
            return None
        return _MainPass(body, text, potential_tags, before, order)

    def _extracted(self, options: Extractor) -> tuple[Any, str]:
        """extract_content: the main pass; where it read too little, the mode's own recovery of
        loose text (the fast mode keeps teaser blocks there); then its tidying of the body."""
        main = self._main_pass
        if main is None:
            raise ValueError("trafilatura's main extractor failed")
        body, text = deepcopy(main.body), main.text
        if len(body) == 0 or len(text) < options.min_extracted_size:
            before = deepcopy(main.before)
            consumed = {
                twin for elem, twin in zip(main.order, before.iter(), strict=True) if elem.tag == "done"
            }
            body = recover_wild_text(before, body, options, main.potential_tags, consumed)
            text = " ".join(body.itertext()).strip()
        _tidy(body)
        return body, text


def _tidy(body: Any) -> None:
    """extract_content's last steps: a long block repeating the one before it, the elements the
    main pass consumed, and the blank lines left where it stripped the wrappers, go."""
    previous = None
    for element in list(body):
        current = _elem_text(element)
        if current and current == previous and len(current) > MIN_DUPLICATE_LENGTH:
            delete_element(element, keep_tail=False)
        else:
            previous = current
    strip_elements(body, "done")
    strip_tags(body, "div")
    for linebreak in body.iter("lb"):
        if (
            linebreak.tail
            and not text_chars_test(linebreak.tail)
            and not any(ancestor.tag in SPACING_PROTECTED for ancestor in linebreak.iterancestors())
        ):
            linebreak.tail = None
