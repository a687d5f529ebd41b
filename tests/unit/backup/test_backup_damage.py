"""Every kind of injected damage is found (issue #13: "100 % of injected damage is
detected"): a flipped bit, a truncated pack or object, a missing one, two swapped, an old
index put back, a tampered or swapped manifest. And packs keep the file count small."""

import shutil

import pytest

from anki_template_designer.services.backup import store as store_module
from anki_template_designer.services.backup.repository import Repository


def root(repository):
    return repository.root


def changed(files, marker):
    """`files` with one file's content changed (one template edited)."""
    path = next(p for p in sorted(files) if p.endswith("front.html"))
    return {**files, path: files[path] + marker.encode()}


def packs(repository):
    return sorted(p for p in (root(repository) / "packs").rglob("*") if p.is_file())


def assert_damaged(repository, *expected):
    report = repository.verify(read_data=True)
    assert not report.ok
    text = " ".join(
        [f"{k} {v}" for k, v in report.problems.items()]
        + [f"{k} {v}" for k, v in report.bad_snapshots.items()]
        + [f"{k} {v}" for k, v in report.bad_index.items()]
    )
    for part in expected:
        assert part in text, text
    return report


def test_a_snapshot_is_a_few_packed_files_and_reads_back(repository, files):
    snapshot, count = repository.create(files, "manual", "User 1")
    assert count.written == len(set(files.values())) and len(files) > 20
    stored = [p for p in root(repository).rglob("*") if p.is_file()]
    # keys, lock-free: one pack, one index, one manifest, the audit log and its head
    assert len(stored) == 6, stored
    assert repository.store.files(snapshot) == files
    assert repository.verify(read_data=True).ok


def test_an_object_too_big_to_pack_is_a_file_of_its_own(repository, files, monkeypatch):
    monkeypatch.setattr(store_module, "LOOSE_FROM", 200)
    big = {**files, "extra/notetype.json": b"x" * 1000}
    snapshot, _count = repository.create(big, "manual", "User 1")
    loose = [p for p in (root(repository) / "objects").rglob("*") if p.is_file()]
    assert loose and repository.store.files(snapshot) == big


def test_a_flipped_bit_in_a_pack_is_found_with_its_snapshots(repository, files):
    snapshot, _ = repository.create(files, "manual", "User 1")
    (pack,) = packs(repository)
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x10
    pack.write_bytes(bytes(data))
    report = assert_damaged(repository, "authentication tag")
    ((_problem, snapshots),) = report.problems.values()
    assert snapshots == [snapshot.id]


def test_a_truncated_pack_is_found_without_reading_data(repository, files):
    repository.create(files, "manual", "User 1")
    (pack,) = packs(repository)
    pack.write_bytes(pack.read_bytes()[:-40])
    report = repository.verify()
    assert not report.ok and any("truncated" in p for p, _s in report.problems.values())


def test_a_missing_pack_is_found(repository, files):
    repository.create(files, "manual", "User 1")
    (pack,) = packs(repository)
    pack.unlink()
    report = repository.verify()
    assert len(report.problems) == len(set(files.values()))
    assert all("missing" in p for p, _s in report.problems.values())


def test_two_swapped_packs_are_found(repository, files):
    repository.create(files, "manual", "User 1")
    repository.create(changed(files, "<!-- 2 -->"), "manual", "User 1")
    first, second = packs(repository)
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)
    assert_damaged(repository)


def test_two_swapped_objects_in_one_pack_are_found(repository, files):
    repository.create(files, "manual", "User 1")
    locations = repository.store.index.locations
    by_length: dict[int, list[str]] = {}
    for name, location in locations.items():
        by_length.setdefault(location.length, []).append(name)
    first, second = next(names for names in by_length.values() if len(names) >= 2)[:2]
    (pack,) = packs(repository)
    data = bytearray(pack.read_bytes())
    a, b = locations[first], locations[second]
    blob_a, blob_b = (
        bytes(data[a.offset : a.offset + a.length]),
        bytes(data[b.offset : b.offset + b.length]),
    )
    data[a.offset : a.offset + a.length] = blob_b
    data[b.offset : b.offset + b.length] = blob_a
    pack.write_bytes(bytes(data))
    report = assert_damaged(repository)
    assert {first, second} <= set(report.problems)


def test_an_old_index_put_back_is_found(repository, files, tmp_path):
    repository.create(files, "manual", "User 1")
    index = root(repository) / "index"
    shutil.copytree(index, tmp_path / "old-index")
    repository.create(changed(files, "<!-- 2 -->"), "manual", "User 1")
    shutil.rmtree(index)
    shutil.copytree(tmp_path / "old-index", index)
    assert_damaged(repository, "index files were removed or an old index was put back")


def test_an_index_file_copied_over_another_is_found(repository, files):
    repository.create(files, "manual", "User 1")
    repository.create(changed(files, "<!-- 2 -->"), "manual", "User 1")
    first, second = sorted((root(repository) / "index").iterdir())
    second.write_bytes(first.read_bytes())
    assert_damaged(repository, f"index/{second.name}")


def test_a_tampered_or_swapped_manifest_is_found(repository, files):
    repository.create(files, "manual", "User 1")
    repository.create(changed(files, "<!-- 2 -->"), "manual", "User 1")
    first, second = sorted((root(repository) / "snapshots").iterdir())
    data = bytearray(first.read_bytes())
    data[30] ^= 0x01
    first.write_bytes(bytes(data))
    report = assert_damaged(repository)
    assert f"snapshots/{first.name}" in report.bad_snapshots
    a = second.read_bytes()
    second.write_bytes(first.read_bytes())
    first.write_bytes(a)
    report = repository.verify()
    assert set(report.bad_snapshots) == {f"snapshots/{first.name}", f"snapshots/{second.name}"}


def test_the_next_snapshot_writes_one_pack_with_only_what_changed(repository, files):
    repository.create(files, "manual", "User 1")
    _snapshot, count = repository.create(changed(files, "<!-- 2 -->"), "manual", "User 1")
    assert count.written == 1 and len(packs(repository)) == 2


def test_a_wrong_key_opens_nothing(repository, files, tmp_path):
    from anki_template_designer.services.backup.keys import DeviceKey, WrongKey

    repository.create(files, "manual", "User 1")
    other = DeviceKey.load_or_create(tmp_path / "other.key")
    with pytest.raises(WrongKey, match="does not unlock"):
        Repository.open(root(repository), device=other)
