"""Fields of the note type that no card template shows or tests."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint.diagnostic import Diagnostic
from ..templates import AnkiTagNode, NoteTypeDocument


def used_field_names(document: NoteTypeDocument) -> set[str]:
    used: set[str] = set()
    for card_type in document.card_types:
        for side in (card_type.front, card_type.back):
            for node in side.walk():
                if isinstance(node, AnkiTagNode):
                    used.add(node.key.strip())
    return used


def unused_fields(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    used = used_field_names(document)
    for name in document.fields:
        if name not in used:
            yield Diagnostic(
                "info",
                "unused-field",
                f"the field “{name}” is on no card template (its text is never shown)",
                fix="show it on a card, or remove the field if no note needs it",
            )
