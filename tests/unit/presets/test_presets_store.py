"""The preset store on a real folder: CRUD, validation on read and write, atomic writes,
conflict checks between two stores (two designer windows), and a full disk."""

import errno
import functools
import json
import os
import threading

import pytest

from anki_template_designer.services.presets import (
    DuplicateName,
    InvalidPreset,
    PresetConflict,
    PresetFileError,
    PresetNotFound,
    PresetStore,
    StoreBusy,
)
from anki_template_designer.services.presets.atomic import write_atomically
from anki_template_designer.services.presets.locking import FolderLock
from preset_helpers import design_preset, snippet_preset, theme_preset


def files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != ".lock")


def test_create_get_and_list(store, presets_dir):
    created = store.create(design_preset("Zeta"))
    store.create(theme_preset("alpha"))
    store.create(snippet_preset("Mid"))
    assert len(created.preset.id) == 32
    assert created.preset.revision == 1
    assert created.preset.created == created.preset.modified == "2026-05-28T20:26:40Z"
    assert store.get(created.preset.id) == created
    assert [s.preset.name for s in store.all()] == ["alpha", "Mid", "Zeta"]
    on_disk = json.loads((presets_dir / f"{created.preset.id}.json").read_text(encoding="utf-8"))
    assert on_disk["schema"] == 2 and on_disk["name"] == "Zeta"


def test_update_bumps_the_revision_and_etag(store, clock):
    created = store.create(design_preset())
    clock.advance(60)
    updated = store.update(
        created.preset.id, created.etag, lambda p: p.with_changes(description="d")
    )
    assert updated.preset.revision == 2
    assert updated.preset.description == "d"
    assert updated.preset.created == created.preset.created
    assert updated.preset.modified == "2026-05-28T20:27:40Z"
    assert updated.etag != created.etag
    assert store.get(created.preset.id).etag == updated.etag


def test_a_stale_etag_is_a_conflict_and_changes_nothing(store):
    created = store.create(design_preset())
    first = store.update(created.preset.id, created.etag, lambda p: p.with_changes(description="a"))
    with pytest.raises(PresetConflict, match=r"changed in another window.*revision 2"):
        store.update(created.preset.id, created.etag, lambda p: p.with_changes(description="b"))
    with pytest.raises(PresetConflict):
        store.delete(created.preset.id, created.etag)
    assert store.get(created.preset.id) == first


def test_two_stores_on_one_folder_refuse_the_stale_update(presets_dir, clock):
    window_a = PresetStore(presets_dir, clock=clock)
    window_b = PresetStore(presets_dir, clock=clock)
    created = window_a.create(design_preset())
    seen_by_b = window_b.get(created.preset.id)
    window_a.update(created.preset.id, created.etag, lambda p: p.with_changes(name="Renamed in A"))
    with pytest.raises(PresetConflict):
        window_b.update(
            created.preset.id, seen_by_b.etag, lambda p: p.with_changes(description="from B")
        )
    fresh = window_b.get(created.preset.id)
    assert fresh.preset.name == "Renamed in A"
    window_b.update(created.preset.id, fresh.etag, lambda p: p.with_changes(description="from B"))
    assert window_a.get(created.preset.id).preset.description == "from B"


def test_concurrent_windows_lose_no_update(presets_dir, clock):
    """Threads each add one line to the description through their own store, retrying on
    conflict: every line arrives and the file is always valid."""
    created = PresetStore(presets_dir, clock=clock).create(design_preset())
    preset_id = created.preset.id
    workers, rounds = 4, 8
    errors = []

    def work(worker):
        store = PresetStore(presets_dir, clock=clock)
        for round_ in range(rounds):
            while True:
                current = store.get(preset_id)
                try:
                    store.update(
                        preset_id,
                        current.etag,
                        lambda p, w=worker, r=round_: p.with_changes(
                            description=p.description + f"{w}.{r};"
                        ),
                    )
                    break
                except PresetConflict:
                    continue
                except Exception as error:  # noqa: BLE001 - reported below
                    errors.append(error)
                    return

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    final = PresetStore(presets_dir, clock=clock).get(preset_id).preset
    entries = [e for e in final.description.split(";") if e]
    assert sorted(entries) == sorted(f"{w}.{r}" for w in range(workers) for r in range(rounds))
    assert final.revision == 1 + workers * rounds
    assert files(presets_dir) == [f"{preset_id}.json"]


def test_two_windows_creating_the_same_name_store_only_one(presets_dir, clock):
    results = []
    barrier = threading.Barrier(2)

    def create():
        store = PresetStore(presets_dir, clock=clock)
        barrier.wait()
        try:
            results.append(store.create(design_preset("Same")))
        except DuplicateName as error:
            results.append(error)

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(type(r).__name__ for r in results) == ["DuplicateName", "StoredPreset"]
    assert len(PresetStore(presets_dir).all()) == 1


def test_duplicate_names_are_refused_ignoring_case_and_spacing(store):
    created = store.create(design_preset("My  Design"))
    assert created.preset.name == "My Design"
    with pytest.raises(DuplicateName, match="'My Design' already exists"):
        store.create(theme_preset("my design"))
    other = store.create(theme_preset("Other"))
    with pytest.raises(DuplicateName):
        store.update(other.preset.id, other.etag, lambda p: p.with_changes(name="MY DESIGN "))
    # renaming a preset to its own name in another case is fine
    store.update(created.preset.id, created.etag, lambda p: p.with_changes(name="my design"))
    assert store.unused_name("My design") == "My design (2)"


def test_reserved_names_are_refused(presets_dir):
    store = PresetStore(presets_dir, reserved_names=["Basic"])
    with pytest.raises(DuplicateName, match="built-in"):
        store.create(design_preset("basic"))
    assert store.create(design_preset("basic"), rename=True).preset.name == "basic (2)"


def test_an_invalid_preset_is_never_written(store, presets_dir):
    with pytest.raises(InvalidPreset):
        store.create(design_preset(fields=("Front",)))  # uses Back without listing it
    created = store.create(design_preset())
    with pytest.raises(InvalidPreset) as caught:
        store.update(
            created.preset.id, created.etag, lambda p: p.with_changes(description="x" * 3000)
        )
    assert caught.value.problems[0].path == "/description"
    assert store.get(created.preset.id) == created
    assert files(presets_dir) == [f"{created.preset.id}.json"]


def test_delete_removes_the_file_and_its_media(store, presets_dir):
    created = store.create(design_preset(), {"_font.woff2": b"font"})
    assert (presets_dir / f"{created.preset.id}.media" / "_font.woff2").read_bytes() == b"font"
    store.delete(created.preset.id, created.etag)
    assert files(presets_dir) == []
    with pytest.raises(PresetNotFound):
        store.get(created.preset.id)


@pytest.mark.parametrize("bad_id", ["../../secrets", "x", "0" * 31 + "/", "builtin-basic", ""])
def test_ids_cannot_name_other_files(store, bad_id):
    with pytest.raises(PresetNotFound):
        store.get(bad_id)


def test_a_damaged_stored_file_is_reported_with_its_path_not_hidden(store, presets_dir):
    good = store.create(design_preset("Good"))
    bad = store.create(design_preset("Bad"))
    path = presets_dir / f"{bad.preset.id}.json"
    path.write_bytes(path.read_bytes()[:40])  # truncated
    assert [s.preset.name for s in store.all()] == ["Good"]
    [problem] = store.problems
    assert problem.path == str(path)
    assert "not valid JSON (damaged or truncated?)" in problem.reason
    with pytest.raises(PresetFileError, match="truncated"):
        store.get(bad.preset.id)
    assert store.get(good.preset.id).preset.name == "Good"


def test_a_stored_file_failing_the_schema_names_the_problem(store, presets_dir):
    created = store.create(design_preset())
    path = presets_dir / f"{created.preset.id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["revision"] = -4
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PresetFileError) as caught:
        store.get(created.preset.id)
    assert [p.path for p in caught.value.problems] == ["/revision"]
    assert caught.value.path == str(path)


def test_a_file_holding_another_id_is_refused(store, presets_dir):
    created = store.create(design_preset())
    copy = presets_dir / ("f" * 32 + ".json")
    copy.write_bytes((presets_dir / f"{created.preset.id}.json").read_bytes())
    store.all()
    assert [p.path for p in store.problems] == [str(copy)]
    assert "holds the preset id" in store.problems[0].reason


def test_a_newer_schema_in_the_folder_is_reported(store, presets_dir):
    created = store.create(design_preset())
    path = presets_dir / f"{created.preset.id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PresetFileError, match="schema 99"):
        store.get(created.preset.id)


def full_disk_after(limit):
    """An os.write that fails with ENOSPC once `limit` bytes are written."""
    written = 0

    def write(handle, data):
        nonlocal written
        room = limit - written
        if room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        count = os.write(handle, data[:room])
        written += count
        return count

    return write


def test_a_full_disk_leaves_the_old_preset_intact(presets_dir, clock):
    store = PresetStore(presets_dir, clock=clock)
    created = store.create(design_preset())
    path = presets_dir / f"{created.preset.id}.json"
    before = path.read_bytes()
    full = PresetStore(
        presets_dir,
        clock=clock,
        writer=functools.partial(write_atomically, write=full_disk_after(50)),
    )
    with pytest.raises(OSError) as caught:
        full.update(
            created.preset.id, created.etag, lambda p: p.with_changes(description="longer " * 20)
        )
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == before
    assert files(presets_dir) == [path.name]  # no temporary file left behind
    assert store.get(created.preset.id) == created


def test_a_full_disk_during_create_leaves_nothing(presets_dir, clock):
    full = PresetStore(
        presets_dir,
        clock=clock,
        writer=functools.partial(write_atomically, write=full_disk_after(10)),
    )
    with pytest.raises(OSError):
        full.create(design_preset(), {"_font.woff2": b"f" * 100})
    assert files(presets_dir) == []


def test_media_are_checked_against_their_hash(store, presets_dir):
    from anki_template_designer.services.presets.archive import media_entries

    media = {"_font.woff2": b"font bytes"}
    created = store.create(design_preset(media=media_entries(media)), media)
    assert store.media_bytes(created.preset) == media
    (presets_dir / f"{created.preset.id}.media" / "_font.woff2").write_bytes(b"changed")
    with pytest.raises(PresetFileError, match="does not match the hash"):
        store.media_bytes(created.preset)


def test_media_names_must_be_plain(store):
    with pytest.raises(Exception, match="plain file name"):
        store.create(design_preset(), {"../escape.woff2": b"x"})


def test_the_folder_lock_times_out_with_a_clear_error(presets_dir):
    holder = FolderLock(presets_dir / ".lock")
    waiter = PresetStore(presets_dir, lock_timeout=0.2)
    with holder, pytest.raises(StoreBusy, match="presets folder"):
        waiter.create(design_preset())
    assert waiter.create(design_preset()).preset.revision == 1


def test_reads_reuse_parsed_presets_only_for_identical_bytes(store, presets_dir):
    created = store.create(design_preset())
    path = presets_dir / f"{created.preset.id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["description"] = "edited by hand"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert store.get(created.preset.id).preset.description == "edited by hand"
