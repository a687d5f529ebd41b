"""What every one-click fix shares: the action a recommendation offers, and its result.

A fix is offered only for a finding it recognises at an exact place, and it edits only
the bytes it names (an insertion or a replacement of one span); every other byte of the
note type stays as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ...lint.diagnostic import Diagnostic
from ...templates import NoteTypeDocument

#: Writes one media file (name, bytes) and returns the name it was stored under (Anki's
#: `col.media.write_data` renames when another file already has the name).
MediaWriter = Callable[[str, bytes], str]


class FixRefused(Exception):
    """The fix cannot be applied (the note type changed, or the finding is gone)."""


@dataclass(frozen=True)
class FixResult:
    notetype: dict[str, Any]
    label: str
    media: tuple[str, ...] = field(default_factory=tuple)


class Fix(Protocol):
    code: str

    def label(self, document: NoteTypeDocument, finding: Diagnostic) -> str | None:
        """What the button says, or None when this finding has no safe fix."""
        ...

    def apply(
        self, notetype: dict[str, Any], document: NoteTypeDocument, finding: Diagnostic,
        media: MediaWriter,
    ) -> FixResult: ...  # fmt: skip


def action_id(finding: Diagnostic) -> str:
    """Names one finding at one place: `code@card/side/line:column`."""
    card = "" if finding.card_type is None else finding.card_type
    return f"{finding.code}@{card}/{finding.side or ''}/{finding.line}:{finding.column}"


def with_css(notetype: Mapping[str, Any], css: str) -> dict[str, Any]:
    changed = copy.deepcopy(dict(notetype))
    changed["css"] = css
    return changed


def with_template(
    notetype: Mapping[str, Any], card_type: int, side: str, text: str
) -> dict[str, Any]:
    changed = copy.deepcopy(dict(notetype))
    changed["tmpls"][card_type]["qfmt" if side == "front" else "afmt"] = text
    return changed


def splice(text: str, start: int, end: int, insert: str) -> str:
    return text[:start] + insert + text[end:]
