"""The writer's name signed at a story's end, as some templates print it instead of a byline."""

from __future__ import annotations

from typing import Any

from newscrawl.extraction.authors import clean_authors, reads_as_name
from newscrawl.textkey import squash

# A signature is a name or two: a longer last line is the story's own.
MAX_SIGNATURE_WORDS = 5


def signed_names(tree: Any, paragraphs: list[str]) -> list[str]:
    """The writers signed under the story: its last line a name set in bold alone in its
    paragraph ('<p><strong>Jane Doe</strong></p>'), as papers that print no byline sign. Bold
    labels read as names too ('More Topics'): the caller asks only where no writer is named."""
    if not paragraphs or len((last := paragraphs[-1]).split()) > MAX_SIGNATURE_WORDS:
        return []
    for node in tree.iter("p"):
        children = list(node)
        if (
            len(children) == 1
            and children[0].tag in ("strong", "b")
            and not (node.text or "").strip()
            and not (children[0].tail or "").strip()
            and squash(children[0].text_content()) == squash(last)
        ):
            names = clean_authors([last])
            return names if names and all(reads_as_name(name) for name in names) else []
    return []
