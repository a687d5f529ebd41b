"""What the visual canvas can only keep as written (a section that crosses elements, an
unclosed tag, markup it cannot separate from an Anki tag) is a finding too, so the
Problems list says what the canvas marks, at the same place."""

from __future__ import annotations

from collections.abc import Iterator

from ..templates import NoteTypeDocument, RawNode
from ..templates.model import RAW_REASONS
from .diagnostic import Diagnostic, Side


def preserved_regions(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for index, card_type in enumerate(document.card_types):
        sides: tuple[Side, ...] = ("front", "back")
        for side in sides:
            doc = card_type.front if side == "front" else card_type.back
            for node in doc.walk():
                if not isinstance(node, RawNode):
                    continue
                line, column = doc.line_index.line_col(node.start)
                yield Diagnostic(
                    "warning",
                    "preserved-region",
                    "the visual editor keeps this part as written: "
                    + RAW_REASONS.get(node.reason, node.reason),
                    card_type=index,
                    side=side,
                    line=line,
                    column=column,
                    component_id=node.id,
                    fix="edit it in code view; open and close each tag inside one section",
                )


CANVAS_LINTS = (preserved_regions,)
