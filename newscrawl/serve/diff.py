"""A word diff of two versions of a text, as segments the page marks as kept, deleted or inserted."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# Words with the space after them: a diff of words reads like the text, and paragraph breaks
# (blank lines) stay in the segments that hold them.
_TOKEN = re.compile(r"\S+\s*|\s+")

Kind = Literal["same", "del", "ins"]


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str


def word_diff(older: str, newer: str) -> list[Segment]:
    """The segments that turn `older` into `newer`, runs of one kind merged."""
    old, new = _TOKEN.findall(older), _TOKEN.findall(newer)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(segments, "same", "".join(old[i1:i2]))
            continue
        if op in ("delete", "replace"):
            _add(segments, "del", "".join(old[i1:i2]))
        if op in ("insert", "replace"):
            _add(segments, "ins", "".join(new[j1:j2]))
    return segments


def _add(segments: list[Segment], kind: Kind, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def changed(segments: list[Segment]) -> bool:
    """Whether the diff deletes or inserts anything."""
    return any(s.kind != "same" for s in segments)
