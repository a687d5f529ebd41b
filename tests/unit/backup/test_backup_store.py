"""Snapshots of note types as files (services/notetype_files) in an encrypted,
content-addressed, write-once repository on a real folder."""

import secrets

import pytest

from anki_template_designer.services.backup import ObjectCipher, TamperedData
from anki_template_designer.services.backup.folder_backend import BackendError, FolderBackend
from anki_template_designer.services.backup.store import ObjectStore
from anki_template_designer.services.notetype_files import (
    all_notetypes,
    file_name_for,
    notetype_to_files,
    notetypes_as_files,
)


@pytest.fixture
def store(tmp_path):
    return ObjectStore(FolderBackend(tmp_path / "repo"), ObjectCipher(secrets.token_bytes(32)))


def collection_files(col):
    return notetypes_as_files(all_notetypes(col))


def test_a_snapshot_of_every_note_type_reads_back_byte_identical(col, store):
    files = collection_files(col)
    snapshot, count = store.snapshot(files, "manual", "User 1")
    assert count.written > 0
    (listed,) = store.snapshots()
    assert listed == snapshot and listed.reason == "manual" and listed.profile == "User 1"
    assert store.files(listed) == files


def test_the_next_snapshot_writes_only_what_changed(col, store):
    files = collection_files(col)
    store.snapshot(files, "manual", "User 1")
    basic = col.models.by_name("Basic")
    basic["css"] += "\n.card { color: teal; }"
    folder = file_name_for("Basic")
    changed = {**files, **{f"{folder}/{p}": d for p, d in notetype_to_files(basic).items()}}
    assert set(changed) == set(files)
    second, count = store.snapshot(changed, "before-save", "User 1")
    assert count.written == 1  # Basic's style.css, nothing else
    assert count.reused == len(changed) - 1
    first, latest = store.snapshots()
    assert latest == second and store.files(first) == files and store.files(latest) == changed


def test_nothing_in_the_repository_shows_template_text_or_names(col, store, tmp_path):
    store.snapshot(collection_files(col), "manual", "User 1")
    stored = b"".join(p.read_bytes() for p in (tmp_path / "repo").rglob("*") if p.is_file())
    names = " ".join(str(p) for p in (tmp_path / "repo").rglob("*"))
    assert b"{{Front}}" not in stored and b"Basic" not in stored
    assert "Basic" not in names and "style.css" not in names


def test_a_changed_object_is_found_and_named(col, store, tmp_path):
    snapshot, _ = store.snapshot(collection_files(col), "manual", "User 1")
    name = next(iter(snapshot.files.values()))
    location = store.index.locations[name]
    path = tmp_path / "repo" / location.pack
    data = bytearray(path.read_bytes())
    data[location.offset + location.length - 1] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises(TamperedData, match=name):
        store.files(snapshot)


def test_objects_are_write_once_and_names_stay_inside_the_repository(tmp_path):
    backend = FolderBackend(tmp_path / "repo")
    assert backend.create("objects/ab/abc", b"first") is True
    assert backend.create("objects/ab/abc", b"second") is False
    assert backend.read("objects/ab/abc") == b"first"
    assert not list((tmp_path / "repo").rglob(".*.tmp"))
    for hostile in ("../outside", "/etc/passwd", "objects/../../x", ""):
        with pytest.raises(BackendError, match="not a repository file name"):
            backend.create(hostile, b"x")
    with pytest.raises(BackendError, match="cannot be read"):
        backend.read("objects/none")


def test_a_snapshot_needs_a_known_reason(store):
    with pytest.raises(
        ValueError, match="before-save, after-save, scheduled, manual, before-restore"
    ):
        store.snapshot({}, "whenever", "User 1")


def test_where_hard_links_are_refused_files_are_still_written_once(tmp_path, monkeypatch):
    import os

    def no_links(_source, _target):
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    backend = FolderBackend(tmp_path / "repo")
    assert backend.create("snapshots/one", b"first") is True
    assert backend.create("snapshots/one", b"second") is False
    assert backend.read("snapshots/one") == b"first"
    assert backend.list("snapshots") == ["snapshots/one"]


def test_one_note_type_is_found_by_name_even_when_folder_names_clash(tmp_path, col):
    from anki_template_designer.services.backup.keys import DeviceKey
    from anki_template_designer.services.backup.repository import NotARepository, Repository

    long_names = ["L" * 130 + " one", "L" * 130 + " two"]  # cut to one folder name, ~~id added
    for name, colour in zip(long_names, ("navy", "plum"), strict=True):
        copy = col.models.copy(col.models.by_name("Basic"), add=False)
        copy["name"], copy["css"] = name, f".card {{ color: {colour} }}"
        col.models.add_dict(copy)
    repository = Repository.init(tmp_path / "r", DeviceKey.load_or_create(tmp_path / "k"))[0]
    snapshot, _ = repository.create(collection_files(col), "manual", "User 1")
    assert any("~~" in path for path in snapshot.files)
    for name, colour in zip(long_names, ("navy", "plum"), strict=True):
        (found,) = repository.notetypes(snapshot, name)
        assert found["name"] == name and colour in found["css"]
    (found,) = repository.notetypes(snapshot, "Basic")
    assert found["name"] == "Basic"
    with pytest.raises(NotARepository, match="has no note type 'BASIC'"):
        repository.notetypes(snapshot, "BASIC")
    assert len(repository.notetypes(snapshot)) == len(col.models.all())


def test_restore_keep_both_adds_the_snapshots_version_beside_a_changed_note_type(tmp_path, col):
    from anki_template_designer.services.backup.keys import DeviceKey
    from anki_template_designer.services.backup.repository import Repository

    repository = Repository.init(tmp_path / "r", DeviceKey.load_or_create(tmp_path / "k"))[0]
    snapshot, _ = repository.create(collection_files(col), "manual", "User 1")
    basic = col.models.by_name("Basic")
    original = basic["tmpls"][0]["qfmt"]
    basic["tmpls"][0]["qfmt"] = "changed since {{Front}}"
    col.models.update_dict(basic)
    count = len(col.models.all())
    before, results = repository.restore(col, snapshot, None, "User 1", keep_both=True)
    added = [r for r in results if r.action == "added"]
    assert [r.name for r in added] == [f"Basic (backup {snapshot.id})"]
    assert {r.action for r in results} == {"added", "unchanged"}
    assert len(col.models.all()) == count + 1
    assert col.models.by_name("Basic")["tmpls"][0]["qfmt"] == "changed since {{Front}}"
    assert col.models.by_name(added[0].name)["tmpls"][0]["qfmt"] == original
    assert before.reason == "before-restore"
    assert [e["action"] for e in repository.audit.entries()] == ["backup", "backup", "restore"]
