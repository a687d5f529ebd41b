"""A replica kept in step: every write lands in both folders, verify compares them, and a
damaged or missing file is healed from the side that holds a good copy."""

import pytest

from anki_template_designer.services.backup.repository import NotARepository, Repository


@pytest.fixture
def mirrored(tmp_path, device):
    return Repository.init(tmp_path / "repo", device, replica=tmp_path / "replica")[0]


def stored(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.parts[len(folder.parts)] in ("packs", "index", "snapshots", "objects")
    }


def test_every_write_lands_in_both(mirrored, files, tmp_path):
    mirrored.create(files, "manual", "User 1")
    mirrored.create({**files, "x/notetype.json": b"{}"}, "manual", "User 1")
    assert stored(tmp_path / "repo") == stored(tmp_path / "replica") != {}
    assert (tmp_path / "replica" / "keys.json").is_file()
    for name in ("audit.jsonl", "audit.head"):  # the audit trail is copied there too
        assert (tmp_path / "replica" / name).read_bytes() == (tmp_path / "repo" / name).read_bytes()
    report = mirrored.verify(read_data=True)
    assert report.ok and not report.replica


def test_a_damaged_pack_is_reported_with_its_snapshots_and_healed(
    mirrored, files, tmp_path, device
):
    snapshot, _ = mirrored.create(files, "manual", "User 1")
    (pack,) = [p for p in (tmp_path / "repo" / "packs").rglob("*") if p.is_file()]
    good = pack.read_bytes()
    pack.write_bytes(good[:100] + bytes([good[100] ^ 1]) + good[101:])
    report = mirrored.verify(read_data=True)
    assert not report.ok
    assert all(s == [snapshot.id] for _p, s in report.problems.values())
    assert report.replica == {
        f"packs/{pack.name[:2]}/{pack.name}": "differs between the repository and the replica"
    }
    healed = mirrored.verify(repair=True)
    assert healed.ok and healed.repaired == {
        f"packs/{pack.name[:2]}/{pack.name}": "from the replica"
    }
    assert pack.read_bytes() == good


def test_missing_files_are_healed_both_ways(mirrored, files, tmp_path):
    mirrored.create(files, "manual", "User 1")
    (manifest,) = (tmp_path / "repo" / "snapshots").iterdir()
    manifest.unlink()
    (index,) = (tmp_path / "replica" / "index").iterdir()
    index.unlink()
    assert not mirrored.verify().ok
    report = mirrored.verify(repair=True)
    assert report.ok and len(report.repaired) == 2
    assert stored(tmp_path / "repo") == stored(tmp_path / "replica")


def test_damage_on_both_sides_is_reported_not_hidden(mirrored, files, tmp_path):
    mirrored.create(files, "manual", "User 1")
    for side in ("repo", "replica"):
        (pack,) = [p for p in (tmp_path / side / "packs").rglob("*") if p.is_file()]
        pack.write_bytes(pack.read_bytes()[:-10])
    report = mirrored.verify(repair=True)
    assert not report.ok and not report.repaired and report.problems


def test_a_replica_of_another_repository_is_refused(mirrored, tmp_path, device):
    other = Repository.init(tmp_path / "other", device)[0]
    with pytest.raises(NotARepository, match="a replica of another repository"):
        Repository.open(other.root, device=device, replica=tmp_path / "replica")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "mine.txt").write_text("x")
    with pytest.raises(NotARepository, match="needs an empty or new folder"):
        Repository.open(mirrored.root, device=device, replica=tmp_path / "used")
    with pytest.raises(NotARepository, match="another folder"):
        Repository.open(mirrored.root, device=device, replica=mirrored.root)


def test_a_replica_added_later_is_filled_first(repository, files, tmp_path, device):
    repository.create(files, "manual", "User 1")
    later = Repository.open(repository.root, device=device, replica=tmp_path / "late")
    assert stored(tmp_path / "late") == stored(repository.root)
    assert later.verify(read_data=True).ok
