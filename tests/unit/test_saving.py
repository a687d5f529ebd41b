import copy

import pytest

from anki_template_designer.services.saving import (
    ConflictError,
    DraftStore,
    NoteTypeSaver,
    SaveRefusedError,
    schema_changes,
)
from anki_template_designer.services.saving import card_types as ct
from anki_template_designer.services.saving.card_types import CardTypeEditError
from collection_helpers import add_note


def load(col, name):
    return NoteTypeSaver(lambda: col).load(col.models.by_name(name)["id"])


def test_save_writes_every_card_type_and_css_as_one_undoable_step(col):
    loaded = load(col, "Basic (and reversed card)")
    draft = copy.deepcopy(loaded.notetype)
    draft["tmpls"][0]["qfmt"] = "<h1>{{Front}}</h1>"
    draft["tmpls"][1]["afmt"] = "{{FrontSide}}<hr id=answer>{{Front}}!"
    draft["css"] = ".card { color: teal; }"
    changes = NoteTypeSaver(lambda: col).save(draft, loaded.fingerprint)
    assert changes.notetype
    saved = col.models.get(draft["id"])
    assert saved["tmpls"][0]["qfmt"] == "<h1>{{Front}}</h1>"
    assert saved["tmpls"][1]["afmt"].endswith("{{Front}}!")
    assert saved["css"] == ".card { color: teal; }"
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert col.models.get(draft["id"])["css"] != ".card { color: teal; }"


def test_a_note_type_changed_elsewhere_is_not_overwritten_unless_forced(col):
    saver = NoteTypeSaver(lambda: col)
    loaded = load(col, "Basic")
    elsewhere = copy.deepcopy(loaded.notetype)
    elsewhere["css"] = "/* edited in the Card Types screen */"
    col.models.update_dict(elsewhere)
    mine = copy.deepcopy(loaded.notetype)
    mine["css"] = "/* mine */"
    with pytest.raises(ConflictError, match="changed outside the designer"):
        saver.save(mine, loaded.fingerprint)
    assert col.models.get(mine["id"])["css"] == "/* edited in the Card Types screen */"
    saver.save(mine, loaded.fingerprint, force=True)
    assert col.models.get(mine["id"])["css"] == "/* mine */"


def test_anki_refusing_the_note_type_writes_nothing_and_says_why(col):
    loaded = load(col, "Basic (and reversed card)")
    draft = copy.deepcopy(loaded.notetype)
    draft["tmpls"][1]["qfmt"] = draft["tmpls"][0]["qfmt"]
    with pytest.raises(SaveRefusedError, match="identical to card template"):
        NoteTypeSaver(lambda: col).save(draft, loaded.fingerprint)
    assert col.models.get(draft["id"])["tmpls"][1]["qfmt"] == "{{Back}}"


def test_card_type_edits_and_their_schema_changes(col):
    add_note(col, "Basic", "q", "a")
    loaded = load(col, "Basic")
    draft = ct.add_card_type(loaded.notetype, 0)
    assert [t["name"] for t in draft["tmpls"]] == ["Card 1", "Card 2"]
    draft = ct.rename_card_type(draft, 1, "  Reverse   card ")
    draft = ct.move_card_type(draft, 1, 0)
    changes = schema_changes(loaded.notetype, draft)
    assert changes.added == ["Reverse card"] and changes.requires_full_sync
    draft["tmpls"][0]["qfmt"] = "{{Back}}"
    NoteTypeSaver(lambda: col).save(draft, loaded.fingerprint)
    saved = col.models.by_name("Basic")
    assert [t["name"] for t in saved["tmpls"]] == ["Reverse card", "Card 1"]
    assert col.card_count() == 2  # the new card type generated a card for the note


def test_removing_and_reordering_are_schema_changes_but_text_edits_are_not(col):
    saved = col.models.by_name("Basic (and reversed card)")
    edited = copy.deepcopy(saved)
    edited["css"] += "/* x */"
    assert not schema_changes(saved, edited).requires_full_sync
    assert schema_changes(saved, ct.remove_card_type(saved, 1)).removed == ["Card 2"]
    assert schema_changes(saved, ct.move_card_type(saved, 1, 0)).reordered


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: ct.remove_card_type(ct.remove_card_type(d, 1), 0), "at least one card type"),
        (lambda d: ct.rename_card_type(d, 0, "card 2"), "already exists"),
        (lambda d: ct.rename_card_type(d, 0, "   "), "needs a name"),
        (lambda d: ct.move_card_type(d, 0, 5), "no card type 6"),
        (lambda d: ct.set_browser_appearance(d, 0, question="", answer="", size=999), "between"),
    ],
)
def test_card_type_edits_refuse_broken_results(col, edit, message):
    with pytest.raises(CardTypeEditError, match=message):
        edit(col.models.by_name("Basic (and reversed card)"))


def test_cloze_note_types_keep_their_single_card_type(col):
    with pytest.raises(CardTypeEditError, match="cloze"):
        ct.add_card_type(col.models.by_name("Cloze"), 0)


def test_deck_override_and_browser_appearance_are_saved(col):
    loaded = load(col, "Basic")
    deck_id = col.decks.id("Languages")
    draft = ct.set_deck_override(loaded.notetype, 0, deck_id)
    draft = ct.set_browser_appearance(
        draft, 0, question="{{Front}}", answer="…", font="Arial", size=14
    )
    NoteTypeSaver(lambda: col).save(draft, loaded.fingerprint)
    template = col.models.by_name("Basic")["tmpls"][0]
    assert template["did"] == deck_id
    assert (template["bqfmt"], template["bafmt"], template["bfont"], template["bsize"]) == (
        "{{Front}}",
        "…",
        "Arial",
        14,
    )


def test_drafts_survive_on_disk_and_unreadable_ones_are_set_aside(tmp_path, col):
    store = DraftStore(tmp_path / "drafts", clock=lambda: 1000.0)
    loaded = load(col, "Basic")
    draft = copy.deepcopy(loaded.notetype)
    draft["css"] = "/* unsaved work */"
    store.save(draft, loaded.fingerprint)
    restored = store.load(draft["id"])
    assert restored is not None and restored.notetype["css"] == "/* unsaved work */"
    assert restored.base_fingerprint == loaded.fingerprint and restored.saved_at == 1000.0
    assert not list((tmp_path / "drafts").glob(".*.tmp"))
    path = tmp_path / "drafts" / f"notetype-{draft['id']}.json"
    path.write_text('{"version": 1, "notety')
    assert store.load(draft["id"]) is None
    assert list((tmp_path / "drafts").glob("*.unreadable-*.json"))
    store.discard(draft["id"])
    assert store.load(draft["id"]) is None


def test_saving_an_old_draft_never_removes_a_field_added_meanwhile(col):
    note = add_note(col, "Basic", "q", "a")
    saver = NoteTypeSaver(lambda: col)
    loaded = load(col, "Basic")
    draft = copy.deepcopy(loaded.notetype)
    draft["css"] += "/* mine */"
    current = col.models.by_name("Basic")
    col.models.add_field(current, col.models.new_field("Extra"))
    col.models.update_dict(current)
    note = col.get_note(note.id)
    note["Extra"] = "precious"
    col.update_note(note)
    saver.save(draft, loaded.fingerprint, force=True)  # "keep mine" after the conflict
    saved = col.models.by_name("Basic")
    assert [f["name"] for f in saved["flds"]] == ["Front", "Back", "Extra"]
    assert col.get_note(note.id)["Extra"] == "precious"
    assert saved["css"].endswith("/* mine */")


def test_plugins_hear_the_note_type_as_written_with_anki_s_64_bit_ids(tmp_path, col):
    """The page keeps numbers as doubles, so ids above 2**53 come back rounded; what the
    save announces (history commits it) must hold the collection's ids, not the draft's."""
    from anki_template_designer.services.saving.flow import SaveFlow

    saver = NoteTypeSaver(lambda: col)
    loaded = load(col, "Basic")
    exact = [f["id"] for f in loaded.notetype["flds"]] + [t["id"] for t in loaded.notetype["tmpls"]]
    assert any(abs(i) > 2**53 for i in exact)  # Anki's random ids need 64 bits
    draft = copy.deepcopy(loaded.notetype)
    for part in draft["flds"] + draft["tmpls"]:
        part["id"] = int(float(part["id"]))  # what JSON.parse makes of it
    draft["css"] += "\n/* edited */"
    heard = []
    flow = SaveFlow(saver, DraftStore(tmp_path), None, lambda nid, nt: heard.append(nt))
    saver.save(draft, loaded.fingerprint)
    flow.after_save(draft)
    (notetype,) = heard
    assert [f["id"] for f in notetype["flds"]] + [t["id"] for t in notetype["tmpls"]] == exact
    assert notetype["css"].endswith("/* edited */")
