"""Which note the preview shows: a real one (searchable picker) or a generated sample."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from anki.collection import Collection
from anki.consts import MODEL_CLOZE
from anki.errors import SearchError
from anki.models import NotetypeDict, NotetypeId
from anki.notes import Note, NoteId
from anki.utils import ids2str, strip_html

from ...sdk.protocol import ErrorCode

CollectionGetter = Callable[[], Collection]

SAMPLE_CLOZE = "This is a {{c1::sample}} cloze with a {{c2::second::hint}} deletion."


class InvalidSearch(ValueError):
    """The user's note search is not valid Anki search syntax."""

    bridge_code = ErrorCode.INVALID_PARAMS


@dataclass(frozen=True)
class NoteChoice:
    id: int
    label: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label}


#: An innermost cloze deletion `{{c1::text}}` or `{{c1::text::hint}}` (no `{{` inside):
#: its text is what a label shows.
_CLOZE = re.compile(r"\{\{c\d+::((?:(?!\{\{|\}\}|::).)*)(?:::(?:(?!\{\{|\}\}).)*)?\}\}", re.S)


def _readable(value: str) -> str:
    """A field as a person reads it in a list: no markup, clozes as their text."""
    previous = None
    while previous != value:  # nested clozes come out one level at a time
        previous, value = value, _CLOZE.sub(r"\1", value)
    return strip_html(value).strip()


def _label_of(note_id: int, fields: list[str], limit: int = 80) -> str:
    text = " · ".join(_readable(value) for value in fields[:2] if value.strip())
    text = " ".join(text.split())
    return (text[: limit - 1] + "…") if len(text) > limit else (text or f"(empty note {note_id})")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class PreviewNotes:
    def __init__(self, collection: CollectionGetter) -> None:
        self._collection = collection

    def search(self, notetype_id: int, text: str = "", limit: int = 50) -> list[NoteChoice]:
        """Notes of this note type whose content matches `text` (Anki's search syntax).

        Labels come from one query over the notes' fields, not a Note object each, so
        tens of thousands of notes list in a fraction of a second.
        """
        col = self._collection()
        notetype = col.models.get(NotetypeId(notetype_id))
        if notetype is None:
            return []
        query = f"mid:{notetype_id}"
        if text.strip():
            user = text if any(c in text for c in ':"()') else _quote(text)
            try:
                # Each part is parsed on its own and AND-ed as a group, so the user's
                # text cannot widen the search beyond this note type.
                query = col.build_search_string(query, user)
            except SearchError as error:
                raise InvalidSearch(f"invalid search: {error}") from error
        note_ids = list(col.find_notes(query)[:limit])
        if not note_ids:
            return []
        assert col.db is not None
        rows = col.db.all(f"select id, flds from notes where id in {ids2str(note_ids)}")
        fields_by_id = {int(row[0]): str(row[1]) for row in rows}
        return [
            NoteChoice(int(nid), _label_of(int(nid), fields_by_id.get(nid, "").split("\x1f")))
            for nid in note_ids
        ]

    def note_for(self, saved: NotetypeDict, note_id: int | None) -> tuple[Note, bool]:
        """The note to render: `note_id`, else the first note, else a sample (True)."""
        col = self._collection()
        if note_id is not None:
            note = col.get_note(NoteId(note_id))
            if note.mid != saved["id"]:
                raise LookupError(f"note {note_id} is not a {saved['name']} note")
            return note, False
        found = col.find_notes(f"mid:{saved['id']}")
        if found:
            return col.get_note(found[0]), False
        return self.sample(saved), True

    def sample(self, saved: NotetypeDict) -> Note:
        """An unsaved note of this type; empty fields are filled with their names at render."""
        note = self._collection().new_note(saved)
        if saved["type"] == MODEL_CLOZE and note.fields:
            note.fields[0] = SAMPLE_CLOZE
        return note
