"""Restoring one card type of a note type from a snapshot: the note type stays as the
collection holds it now (its fields, its other card types, its styling), and only that
card type's templates and browser appearance come back as the snapshot has them.

The card type is found in the collection by its template id when both sides have one
(Anki keeps it across renames and reorders), else by name. A card type the collection no
longer has is not re-added here (that changes the note type's shape and its cards): the
error says to restore the whole note type instead.
"""

from __future__ import annotations

import copy
from typing import Any

from ...sdk.errors import DesignerError

#: What a card type restore takes from the snapshot (its place, `ord`, stays).
RESTORED_KEYS = ("name", "qfmt", "afmt", "bqfmt", "bafmt", "bfont", "bsize")


class CardTypeNotFound(DesignerError):
    """The snapshot or the collection has no such card type."""


def _find(templates: list[dict[str, Any]], wanted: dict[str, Any]) -> dict[str, Any] | None:
    wanted_id = wanted.get("id")
    if wanted_id:
        for template in templates:
            if template.get("id") == wanted_id:
                return template
    named = [t for t in templates if t.get("name") == wanted.get("name")]
    return named[0] if len(named) == 1 else None


def with_card_type_from(
    current: dict[str, Any], snapshot: dict[str, Any], card_type: str
) -> dict[str, Any]:
    """`current` with the card type named `card_type` in `snapshot` put back."""
    theirs = [t for t in snapshot.get("tmpls", []) if t.get("name") == card_type]
    if len(theirs) != 1:
        raise CardTypeNotFound(
            f"the snapshot's {snapshot.get('name')!r} has no card type {card_type!r}"
        )
    merged = copy.deepcopy(current)
    ours = _find(merged["tmpls"], theirs[0])
    if ours is None:
        raise CardTypeNotFound(
            f"{current.get('name')!r} no longer has the card type {card_type!r}: "
            "restore the whole note type to bring it back"
        )
    for key in RESTORED_KEYS:
        if key in theirs[0]:
            ours[key] = copy.deepcopy(theirs[0][key])
    return merged
