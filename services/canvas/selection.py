"""What an op asks the canvas to select once it is applied (`select` in the reply)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Inserted:
    """The op's `select`: the node that starts `offset` characters into the text of its
    edit number `edit` (an inserted or moved node, a new rule)."""

    edit: int
    offset: int


@dataclass(frozen=True)
class Existing:
    """The op's `select`: an existing node, found again in the new text by its span."""

    start: int
    end: int
    type: str


Select = Inserted | Existing
