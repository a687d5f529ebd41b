"""Source positions: half-open character spans and offset -> line/column lookup.

Every node of the template and CSS models records where it came from as character
offsets into the exact text it was parsed from. Lines are counted the way editors and
Anki's own error messages count them: a line ends after each "\\n" (so "\\r\\n" is one
break), and columns are 1-based code points.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """The half-open range [start, end) of a piece of source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class LineIndex:
    """Maps character offsets of one text to 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        position = find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = find("\n", position + 1)
        self._starts = starts
        self._length = len(text)

    @property
    def line_starts(self) -> list[int]:
        """Offsets where each line begins (the first is always 0)."""
        return self._starts

    def line_of(self, offset: int) -> int:
        """0-based index of the line that contains `offset`."""
        return bisect_right(self._starts, offset) - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of `offset` (the end of the text is a valid offset)."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} outside the text (length {self._length})")
        line = self.line_of(offset)
        return line + 1, offset - self._starts[line] + 1
