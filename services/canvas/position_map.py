"""Following a node through applied edits by its span.

After one round of edits is applied and the text parsed again, node ids may change (a
node inserted before another shifts its path). A node that no edit cut through keeps its
text, so its new span is its old one shifted by the edits before it (and grown or shrunk
by edits inside it); the node of the same type at that span in the new parse is the same
node. That is how a later op of the same request, naming ids of the tree the page sent,
finds its nodes after earlier ops were applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AppliedEdit:
    """One replacement in the coordinates of the text it was applied to."""

    start: int
    end: int
    length: int  # of the new text

    @property
    def delta(self) -> int:
        return self.length - (self.end - self.start)


def map_span(start: int, end: int, edits: Sequence[AppliedEdit]) -> tuple[int, int] | None:
    """The span [start, end) after `edits` (non-overlapping, one round); None when an
    edit cuts through either end or the node was deleted.

    Insertions exactly at `start` go before the node, insertions exactly at `end` after
    it; an edit replacing exactly [start, end) rewrites the node in place.
    """
    new_start, new_end = start, end
    for edit in edits:
        if edit.start < start < edit.end or edit.start < end < edit.end:
            return None
        if edit.end <= start:
            new_start += edit.delta
        if edit.end < end or (edit.end == end and edit.start < edit.end):
            new_end += edit.delta
    if new_end <= new_start:
        return None
    return new_start, new_end


def output_positions(edits: Sequence[AppliedEdit]) -> list[int]:
    """Where each edit's new text starts in the edited text (edits sorted by position)."""
    positions = []
    shift = 0
    for edit in edits:
        positions.append(edit.start + shift)
        shift += edit.delta
    return positions


class PositionMap:
    """The rounds applied so far, each a list of edits in its own text's coordinates."""

    def __init__(self) -> None:
        self.rounds: list[list[AppliedEdit]] = []

    def add(self, edits: Sequence[AppliedEdit]) -> None:
        self.rounds.append(list(edits))

    def span(self, start: int, end: int, since: int = 0) -> tuple[int, int] | None:
        """A span of the text before round `since`, in the latest text."""
        found: tuple[int, int] | None = (start, end)
        for edits in self.rounds[since:]:
            if found is None:
                return None
            found = map_span(found[0], found[1], edits)
        return found
