"""Helpers for tests that work on a real Anki collection."""


def add_note(col, notetype_name, *values, tags=""):
    notetype = col.models.by_name(notetype_name)
    note = col.new_note(notetype)
    for index, value in enumerate(values):
        note.fields[index] = value
    note.tags = tags.split()
    col.add_note(note, col.decks.id("Default"))
    return note
