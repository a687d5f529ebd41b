"""A snapshot against the collection: note types added, removed, changed and which files."""

from anki_template_designer.services.backup.diff import diff_snapshot


def test_no_change_is_the_same(repository, col, files):
    snapshot, _ = repository.create(files, "manual", "User 1")
    assert repository.diff(col, snapshot).same
    assert repository.diff(col).same  # the latest by default


def test_added_removed_and_changed_note_types_name_their_files(repository, col, files):
    basic = col.models.by_name("Basic")
    cloze = col.models.by_name("Cloze")
    snapshot, _ = repository.create(files, "manual", "User 1")
    basic["tmpls"][0]["qfmt"] += "<hr>"
    basic["css"] += "\n.card { color: red }"
    col.models.update_dict(basic)
    col.models.remove(cloze["id"])
    added = col.models.copy(col.models.by_name("Basic (and reversed card)"))
    added_name = added["name"]
    result = repository.diff(col, snapshot)
    by_name = {d.name: d for d in result.notetypes}
    assert by_name["Basic"].status == "changed"
    assert sorted(by_name["Basic"].changed) == sorted(
        p
        for p in by_name["Basic"].changed
        if p.endswith(("front.html", "style.css", "notetype.json"))
    )
    assert any(p.endswith("front.html") for p in by_name["Basic"].changed)
    assert "style.css" in by_name["Basic"].changed
    assert by_name["Cloze"].status == "removed"
    assert by_name[added_name].status == "added"
    assert set(by_name) == {"Basic", "Cloze", added_name}
    assert result.to_json()["notetypes"][0]["status"] in {"added", "removed", "changed"}


def test_diff_decrypts_nothing(repository, files):
    snapshot, _ = repository.create(files, "manual", "User 1")
    for pack in (repository.root / "packs").rglob("*"):
        if pack.is_file():
            pack.unlink()  # with no objects at all, a diff still works
    result = diff_snapshot(snapshot, {**files, "New~1/notetype.json": b"{}"}, repository.cipher)
    assert [(d.folder, d.status) for d in result.notetypes] == [("New~1", "added")]
