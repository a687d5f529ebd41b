"""Read-only summaries of the collection's note types, for the designer's picker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from anki.collection import Collection
from anki.consts import MODEL_CLOZE
from anki.models import NotetypeDict, NotetypeId

CollectionGetter = Callable[[], Collection]


class NoteTypeNotFound(LookupError):
    pass


@dataclass(frozen=True)
class NoteTypeSummary:
    id: int
    name: str
    is_cloze: bool
    card_types: list[str]
    fields: list[str]
    note_count: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": "cloze" if self.is_cloze else "standard",
            "cardTypes": self.card_types,
            "fields": self.fields,
            "noteCount": self.note_count,
        }


class NoteTypeCatalog:
    """Lists note types; the collection is fetched per call so a reloaded one is seen."""

    def __init__(self, collection: CollectionGetter) -> None:
        self._collection = collection

    def _summarise(self, col: Collection, notetype: NotetypeDict) -> NoteTypeSummary:
        return NoteTypeSummary(
            id=int(notetype["id"]),
            name=str(notetype["name"]),
            is_cloze=notetype["type"] == MODEL_CLOZE,
            card_types=[str(t["name"]) for t in notetype["tmpls"]],
            fields=[str(f["name"]) for f in notetype["flds"]],
            note_count=col.models.use_count(notetype),
        )

    def list(self) -> list[NoteTypeSummary]:
        col = self._collection()
        summaries = [self._summarise(col, nt) for nt in col.models.all()]
        return sorted(summaries, key=lambda s: s.name.casefold())

    def get(self, notetype_id: int) -> NoteTypeSummary:
        col = self._collection()
        notetype = col.models.get(NotetypeId(notetype_id))
        if notetype is None:
            raise NoteTypeNotFound(f"no note type with id {notetype_id}")
        return self._summarise(col, notetype)
