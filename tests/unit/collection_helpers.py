"""Helpers for tests that work on a real Anki collection."""


def add_note(col, notetype_name, *values, tags=""):
    notetype = col.models.by_name(notetype_name)
    note = col.new_note(notetype)
    for index, value in enumerate(values):
        note.fields[index] = value
    note.tags = tags.split()
    col.add_note(note, col.decks.id("Default"))
    return note


# Every note type a fresh collection of the pinned `anki` has.
STOCK_NOTETYPES = [
    "Basic",
    "Basic (and reversed card)",
    "Basic (optional reversed card)",
    "Basic (type in the answer)",
    "Cloze",
    "Image Occlusion",
]
