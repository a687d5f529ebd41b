"""Loads a note type for editing and saves the draft back as one undoable step.

Saving goes through `col.models.update_dict` (the backend's `update_notetype_legacy`),
which records "Update Note Type" in Anki's undo queue and runs Anki's own save-time
checks; the gui runs it as a CollectionOp so the main window refreshes. A save is refused
when the note type changed in the collection since the designer loaded it, unless the
user chose to keep their version.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from anki.collection import Collection, OpChanges
from anki.errors import CardTypeError
from anki.models import NotetypeDict, NotetypeId

from ...sdk.protocol import ErrorCode
from .fingerprint import fingerprint
from .schema_changes import SchemaChanges, schema_changes

CollectionGetter = Callable[[], Collection]


class ConflictError(RuntimeError):
    """The note type changed in the collection after the designer loaded it."""

    bridge_code = ErrorCode.CONFLICT


class SaveRefusedError(ValueError):
    """The note type was refused (Anki's save-time checks, or errors our checks found);
    nothing was written. `diagnostics` lists the errors when they are known."""

    bridge_code = ErrorCode.INVALID_PARAMS

    def __init__(self, message: str, diagnostics: list[dict[str, object]] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []

    def bridge_details(self) -> list[dict[str, object]]:
        return self.diagnostics


@dataclass(frozen=True)
class LoadedNoteType:
    notetype: NotetypeDict
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"notetype": self.notetype, "fingerprint": self.fingerprint}


# What the designer edits in a card type; everything else comes from the collection.
TEMPLATE_KEYS = ("name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "bfont", "bsize", "did")


def designed_parts(notetype: NotetypeDict) -> dict[str, Any]:
    """Only what the designer edits: to compare a draft with the saved note type."""
    return {
        "css": notetype["css"],
        "tmpls": [{k: t.get(k) for k in TEMPLATE_KEYS} for t in notetype["tmpls"]],
    }


def merge_designed_parts(current: NotetypeDict, draft: NotetypeDict) -> NotetypeDict:
    """The note type as it is in the collection, with the draft's card types and CSS.

    Fields, sort field, LaTeX settings and the name are never taken from the draft: a
    draft made before someone added a field in Manage Fields must not delete it (and its
    content in every note) when saved or restored.
    """
    merged = copy.deepcopy(current)
    by_ord = {template["ord"]: template for template in current["tmpls"]}
    templates = []
    for template in draft["tmpls"]:
        base = copy.deepcopy(by_ord.get(template.get("ord"), {}))
        if template.get("ord") is None:  # a new card type: Anki assigns ord and id
            base = {k: v for k, v in copy.deepcopy(template).items() if k != "id"}
        base.update({key: copy.deepcopy(template[key]) for key in TEMPLATE_KEYS if key in template})
        templates.append(base)
    merged["tmpls"] = templates
    merged["css"] = draft["css"]
    return merged


class NoteTypeSaver:
    def __init__(self, collection: CollectionGetter) -> None:
        self._collection = collection

    def _saved(self, notetype_id: int) -> NotetypeDict:
        notetype = self._collection().models.get(NotetypeId(notetype_id))
        if notetype is None:
            raise LookupError(f"no note type with id {notetype_id}")
        return notetype

    def load(self, notetype_id: int) -> LoadedNoteType:
        notetype = copy.deepcopy(self._saved(notetype_id))
        return LoadedNoteType(notetype, fingerprint(notetype))

    def current(self, notetype_id: int) -> NotetypeDict | None:
        """A copy of the note type as the collection holds it now (None if it has none)."""
        notetype = self._collection().models.get(NotetypeId(notetype_id))
        return None if notetype is None else copy.deepcopy(notetype)

    def changed_since(self, notetype_id: int, base_fingerprint: str) -> bool:
        return fingerprint(self._saved(notetype_id)) != base_fingerprint

    def schema_changes(self, draft: NotetypeDict) -> SchemaChanges:
        return schema_changes(self._saved(int(draft["id"])), draft)

    def save(self, draft: NotetypeDict, base_fingerprint: str, *, force: bool = False) -> OpChanges:
        """Write the designer's part of `draft` (card types and CSS) into the note type as
        it is now; raises ConflictError or SaveRefusedError and then writes nothing."""
        notetype_id = int(draft["id"])
        if not force and self.changed_since(notetype_id, base_fingerprint):
            raise ConflictError(
                f"{draft['name']!r} was changed outside the designer since it was opened"
            )
        merged = merge_designed_parts(self._saved(notetype_id), draft)
        try:
            return self._collection().models.update_dict(merged)
        except CardTypeError as error:
            raise SaveRefusedError(str(error).replace("<br>", " ")) from error
