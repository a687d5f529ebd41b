"""Saving a designed note type safely: conflict checks, card-type edits, drafts on disk."""

from .card_types import CardTypeEditError
from .drafts import Draft, DraftStore
from .fingerprint import fingerprint
from .saver import (
    ConflictError,
    LoadedNoteType,
    NoteTypeSaver,
    SaveRefusedError,
    designed_parts,
)
from .schema_changes import SchemaChanges, schema_changes

__all__ = [
    "CardTypeEditError",
    "ConflictError",
    "Draft",
    "DraftStore",
    "LoadedNoteType",
    "NoteTypeSaver",
    "SaveRefusedError",
    "SchemaChanges",
    "designed_parts",
    "fingerprint",
    "schema_changes",
]
