"""Which draft edits force a full sync (Anki's `mark_schema`): card types added, removed
or reordered. The user is warned before such a save."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SchemaChanges:
    added: list[str]
    removed: list[str]
    reordered: bool

    @property
    def requires_full_sync(self) -> bool:
        return bool(self.added or self.removed or self.reordered)

    def describe(self) -> str:
        parts = []
        if self.added:
            parts.append("adds " + ", ".join(self.added))
        if self.removed:
            parts.append("removes " + ", ".join(self.removed))
        if self.reordered:
            parts.append("reorders the card types")
        return "; ".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.added,
            "removed": self.removed,
            "reordered": self.reordered,
            "requiresFullSync": self.requires_full_sync,
            "description": self.describe(),
        }


def schema_changes(saved: dict[str, Any], draft: dict[str, Any]) -> SchemaChanges:
    """Card types keep their saved `ord` in the draft; new ones have `ord` None."""
    saved_by_ord = {t["ord"]: t["name"] for t in saved["tmpls"]}
    draft_ords = [t.get("ord") for t in draft["tmpls"]]
    kept = [o for o in draft_ords if o is not None]
    return SchemaChanges(
        added=[t["name"] for t in draft["tmpls"] if t.get("ord") is None],
        removed=[name for o, name in saved_by_ord.items() if o not in kept],
        reordered=kept != sorted(kept),
    )
