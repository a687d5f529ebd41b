"""Faults (issue #13): create, prune and restore killed with SIGKILL at each of their
backend writes in a real subprocess (tests/unit/backup/fault_runner.py through
faulty_backend.py), a full disk, a locked repository. After every kill the repository
still verifies with --read-data, every earlier snapshot reads back byte-identical, and
the collection is as before or as after, never between.

Kill points are the backend's writes (packs, index files, manifests, deletions); the
audit log's own appends and the collection's write are not kill points of this harness.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faulty_backend import FaultyBackend

from anki_template_designer.services.backup.folder_backend import BackendError
from anki_template_designer.services.backup.lock import RepositoryLocked
from anki_template_designer.services.backup.repository import Repository
from anki_template_designer.services.notetype_files import all_notetypes, notetypes_as_files

RUNNER = Path(__file__).with_name("fault_runner.py")


def collection_files(path):
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        return notetypes_as_files(all_notetypes(col))
    finally:
        col.close()


def edit(path, css):
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        basic = col.models.by_name("Basic")
        basic["css"] += css
        col.models.update_dict(basic)
    finally:
        col.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A repository with two snapshots (S1, S2) of a collection, and the collection as it
    is after S2 plus one more edit (what create would add, what restore would undo). S1
    also holds a large file S2 does not, so pruning S1 rewrites its pack (repack) and
    deletes the old one: those are kill points too."""
    from anki.collection import Collection

    base = tmp_path_factory.mktemp("faults")
    collection = base / "collection.anki2"
    Collection(str(collection)).close()
    from anki_template_designer.services.backup.keys import DeviceKey

    device = DeviceKey.load_or_create(base / "device.key")
    repository = Repository.init(base / "repo", device)[0]
    only_s1 = {"zz-only-in-s1/blob": os.urandom(64 * 1024)}
    s1, _ = repository.create({**collection_files(collection), **only_s1}, "manual", "p")
    edit(collection, "\n.card { color: teal }")
    s2, _ = repository.create(collection_files(collection), "manual", "p")
    edit(collection, "\n.card { color: plum }")
    snapshots = {s.id: repository.store.files(s) for s in (s1, s2)}
    return base, s1, s2, snapshots


def fresh(world, tmp_path):
    base, *_ = world
    shutil.copytree(base / "repo", tmp_path / "repo")
    shutil.copy(base / "collection.anki2", tmp_path / "collection.anki2")
    return tmp_path / "repo", tmp_path / "collection.anki2"


def run(world, tmp_path, operation, snapshot="", **env):
    base, *_ = world
    variables = {**os.environ, **{k: str(v) for k, v in env.items()}}
    repo, collection = tmp_path / "repo", tmp_path / "collection.anki2"
    arguments = [sys.executable, str(RUNNER), operation, str(repo), str(base / "device.key")]
    return subprocess.run(
        [*arguments, str(collection), *([snapshot] if snapshot else [])],
        env=variables,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_count(world, tmp_path, operation, snapshot=""):
    """How many backend writes the operation makes, from an unkilled run."""
    fresh(world, tmp_path)
    counted = tmp_path / "writes.txt"
    result = run(world, tmp_path, operation, snapshot, ATD_FAULT_COUNT_TO=counted)
    assert result.returncode == 0, result.stderr
    after = collection_files(tmp_path / "collection.anki2")
    total = len(counted.read_text().splitlines())
    shutil.rmtree(tmp_path / "repo")
    return total, after


def check(world, repo, surviving):
    base, *_rest, snapshots = world
    from anki_template_designer.services.backup.keys import DeviceKey

    repository = Repository.open(repo, device=DeviceKey.load_or_create(base / "device.key"))
    report = repository.verify(read_data=True)
    assert report.ok, (report.problems, report.bad_index, report.bad_snapshots)
    present = {s.id: s for s in repository.store.snapshots()}
    for snapshot_id in surviving:
        assert repository.store.files(present[snapshot_id]) == snapshots[snapshot_id]
    for snapshot_id in set(present) & set(snapshots):
        assert repository.store.files(present[snapshot_id]) == snapshots[snapshot_id]
    return repository


@pytest.mark.parametrize("operation", ["create", "prune", "restore"])
def test_killed_at_every_write_the_repository_and_the_collection_stay_whole(
    world, tmp_path, operation
):
    _base, s1, s2, _snapshots = world
    snapshot = s2.id if operation == "restore" else ""
    before = collection_files(world[0] / "collection.anki2")
    total, after = write_count(world, tmp_path / "count", operation, snapshot)
    assert total >= 3
    assert (after != before) == (operation == "restore")  # the unkilled run did restore
    surviving = [s2.id] if operation == "prune" else [s1.id, s2.id]
    for kill_at in range(1, total + 1):
        case = tmp_path / f"kill{kill_at}"
        repo, collection = fresh(world, case)
        result = run(world, case, operation, snapshot, ATD_FAULT_KILL_AT=kill_at)
        assert result.returncode == -signal.SIGKILL, (kill_at, result.stderr)
        assert (repo / "lock").exists()  # the killed process's lock is left behind
        repository = check(world, repo, surviving)
        assert collection_files(collection) in (before, after)
        # The stale lock is taken over: the next backup works and verifies.
        repository.create(before, "manual", "p")
        assert repository.verify(read_data=True).ok
        shutil.rmtree(case)


def test_a_full_disk_during_create_fails_clearly_and_leaves_the_repository_whole(world, tmp_path):
    repo, _collection = fresh(world, tmp_path)
    from anki_template_designer.services.backup.keys import DeviceKey

    device = DeviceKey.load_or_create(world[0] / "device.key")
    for position in (1, 2, 3):
        os.environ["ATD_FAULT_ENOSPC_AT"] = str(position)
        try:
            faulty = Repository.open(repo, device=device, wrap=FaultyBackend)
            with pytest.raises(BackendError, match="No space left on device"):
                faulty.create({"new/notetype.json": f"{position}".encode()}, "manual", "p")
        finally:
            del os.environ["ATD_FAULT_ENOSPC_AT"]
        assert not (repo / "lock").exists()  # released on the way out
        check(world, repo, [world[1].id, world[2].id])


def test_a_locked_repository_is_refused_naming_the_holder(world, tmp_path):
    repo, _collection = fresh(world, tmp_path)
    from anki_template_designer.services.backup.keys import DeviceKey

    device = DeviceKey.load_or_create(world[0] / "device.key")
    holder = Repository.open(repo, device=device)
    with holder.lock("backup prune"):
        other = Repository.open(repo, device=device)
        with pytest.raises(RepositoryLocked, match=f"process {os.getpid()} .*backup prune"):
            other.create({"a/notetype.json": b"{}"}, "manual", "p")
        with pytest.raises(RepositoryLocked):
            other.audit.append("save", "Basic", "p")
    other.create({"a/notetype.json": b"{}"}, "manual", "p")
