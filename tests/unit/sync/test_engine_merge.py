"""Two machines syncing note types through one remote (a folder and the moto S3 server):
clean three-way merges, conflicts resolved each way, deletes. Every test checks that what
the users wrote is still there."""

import copy

import pytest

from collection_helpers import add_note


def _three_lines(a, b):
    """Both machines agree on a three-line front of Basic and on every note type."""
    assert a.sync().recovery_code is not None  # the first sync made the repository
    first = b.sync()  # same collection: they agree on everything at once
    assert first.recovery_code is None and (first.pulled, first.pushed) == ([], [])
    a.set_front("Basic", "one\n{{Front}}\nthree\n")
    assert a.sync().pushed == ["Basic"]
    report = b.sync()
    assert report.pulled == ["Basic"]
    assert b.front("Basic") == "one\n{{Front}}\nthree\n"


BOTH = pytest.mark.parametrize("machines", ["folder", "s3", "webdav"], indirect=True)


@BOTH
def test_edits_on_both_machines_merge_clean(machines):
    a, b = machines
    _three_lines(a, b)
    a.set_front("Basic", "ONE\n{{Front}}\nthree\n")
    b.set_front("Basic", "one\n{{Front}}\nTHREE\n")
    b.set_css("Cloze", ".card { color: teal; }\n")
    added = copy.deepcopy(a.notetype("Basic (and reversed card)"))
    added.update(id=0, name="Vocabulary")
    a.col.models.add_dict(added)

    assert sorted(a.sync().pushed) == ["Basic", "Vocabulary"]
    report = b.sync()
    assert report.conflicts == [] and report.pulled == ["Basic", "Vocabulary"]
    assert report.pushed == ["Basic", "Cloze"]
    a.sync()
    merged = "ONE\n{{Front}}\nTHREE\n"
    assert a.front("Basic") == b.front("Basic") == merged
    assert a.notetype("Cloze")["css"] == b.notetype("Cloze")["css"] == ".card { color: teal; }\n"
    assert a.notetype("Vocabulary")["id"] == b.notetype("Vocabulary")["id"]
    assert a.texts() == b.texts()
    # converged: another round moves nothing
    for machine in (a, b):
        again = machine.sync()
        assert (again.pulled, again.pushed, again.uploaded_objects) == ([], [], 0)


@pytest.mark.parametrize(
    ("machines", "take"), [("folder", "ours"), ("s3", "theirs")], indirect=["machines"]
)
def test_an_overlapping_edit_is_a_conflict_until_resolved(machines, take):
    a, b = machines
    _three_lines(a, b)
    a.set_front("Basic", "one\n{{Front}} from a\nthree\n")
    b.set_front("Basic", "one\n{{Front}} from b\nthree\n")
    b.set_css("Cloze", ".b { }\n")  # not in conflict: it goes through meanwhile
    a.sync()

    report = b.sync()
    assert report.conflicted == ["Basic"]
    assert report.conflicts[0].key.endswith("/front.html")
    assert "from a" in report.conflicts[0].theirs and "from b" in report.conflicts[0].ours
    assert b.front("Basic") == "one\n{{Front}} from b\nthree\n"  # the local text is kept
    assert report.pushed == ["Cloze"]
    a.sync()
    assert a.front("Basic") == "one\n{{Front}} from a\nthree\n"  # nothing written there
    assert a.notetype("Cloze")["css"] == ".b { }\n"
    assert b.sync().conflicted == ["Basic"]  # still reported until resolved

    resolved = b.sync(resolve=take)
    assert resolved.conflicts == []
    a.sync()
    winner = "from b" if take == "ours" else "from a"
    assert a.front("Basic") == b.front("Basic") == f"one\n{{{{Front}}}} {winner}\nthree\n"
    assert a.texts() == b.texts()


def test_last_writer_wins_only_when_asked(machines):
    a, b = machines
    _three_lines(a, b)
    a.set_front("Basic", "one\n{{Front}} from a\nthree\n")
    a.sync()
    b.set_front("Basic", "one\n{{Front}} from b\nthree\n")  # written after a's sync
    assert b.sync().conflicted == ["Basic"]
    assert b.sync(resolve="newer").conflicts == []
    a.sync()
    assert a.front("Basic") == b.front("Basic") == "one\n{{Front}} from b\nthree\n"


def test_a_delete_on_one_machine_reaches_the_other(machines):
    a, b = machines
    _three_lines(a, b)
    gone = a.notetype("Basic (type in the answer)")
    a.col.models.remove(gone["id"])
    b.set_front("Basic", "one\n{{Front}}\nthree (b)\n")
    report = a.sync()
    assert report.deleted_there == ["Basic (type in the answer)"]
    report = b.sync()
    assert report.deleted_here == ["Basic (type in the answer)"]
    assert "Basic (type in the answer)" not in b.names()
    a.sync()
    assert a.front("Basic") == "one\n{{Front}}\nthree (b)\n"
    assert a.texts() == b.texts()


def test_a_delete_meets_an_edit_and_the_edit_wins(machines):
    a, b = machines
    _three_lines(a, b)
    a.col.models.remove(a.notetype("Cloze")["id"])
    b.set_css("Cloze", ".kept { }\n")
    a.sync()
    report = b.sync()
    assert any("Cloze" in note for note in report.notes)
    a.sync()
    assert a.notetype("Cloze")["css"] == ".kept { }\n"  # back on a, with b's edit
    assert a.texts() == b.texts()


def test_a_note_type_with_notes_is_not_deleted_by_the_other_machine(machines):
    a, b = machines
    _three_lines(a, b)
    note = add_note(b.col, "Basic (optional reversed card)", "my card", "its back")
    a.col.models.remove(a.notetype("Basic (optional reversed card)")["id"])
    a.sync()
    report = b.sync()
    assert "Basic (optional reversed card)" in b.names()
    assert any("notes here use it" in n for n in report.notes)
    a.sync()
    assert "Basic (optional reversed card)" in a.names()  # sent back
    assert b.col.get_note(note.id)["Front"] == "my card"
