import pytest

from anki_template_designer.services.notetypes import NoteTypeCatalog, NoteTypeNotFound


def test_lists_every_stock_note_type_sorted_with_cards_fields_and_counts(col):
    basic = col.models.by_name("Basic")
    note = col.new_note(basic)
    note["Front"], note["Back"] = "q", "a"
    col.add_note(note, col.decks.id("Default"))
    summaries = NoteTypeCatalog(lambda: col).list()
    names = [s.name for s in summaries]
    assert names == sorted(names, key=str.casefold)
    by_name = {s.name: s for s in summaries}
    assert by_name["Basic"].note_count == 1
    assert by_name["Basic"].fields == ["Front", "Back"]
    assert by_name["Basic (and reversed card)"].card_types == ["Card 1", "Card 2"]
    assert by_name["Cloze"].is_cloze and not by_name["Basic"].is_cloze
    assert by_name["Cloze"].to_json()["kind"] == "cloze"


def test_get_by_id_and_a_clear_error_for_a_missing_one(col):
    catalog = NoteTypeCatalog(lambda: col)
    basic_id = col.models.by_name("Basic")["id"]
    assert catalog.get(basic_id).name == "Basic"
    with pytest.raises(NoteTypeNotFound, match="no note type with id 12345"):
        catalog.get(12345)


def test_the_collection_is_fetched_per_call(col):
    calls = []
    catalog = NoteTypeCatalog(lambda: calls.append(1) or col)
    catalog.list()
    catalog.list()
    assert len(calls) == 2
