"""The folder backend's compare-and-swap (`read_tagged`/`replace_if`): a stale tag never
overwrites, two racing writers cannot both win, a killed writer's lock does not block."""

import os
import threading
import time

import pytest

from anki_template_designer.services.backup import folder_backend
from anki_template_designer.services.backup.backend import RemoteChanged
from anki_template_designer.services.backup.folder_backend import FolderBackend


def test_create_then_swap_with_the_tag_read(tmp_path):
    remote = FolderBackend(tmp_path)
    assert remote.read_tagged("refs/head") is None
    tag = remote.replace_if("refs/head", b"one", None)
    assert remote.read_tagged("refs/head") == (b"one", tag)
    with pytest.raises(RemoteChanged):
        remote.replace_if("refs/head", b"other", None)  # exists now
    new = remote.replace_if("refs/head", b"two", tag)
    assert new != tag
    with pytest.raises(RemoteChanged):
        remote.replace_if("refs/head", b"three", tag)  # stale
    assert remote.read("refs/head") == b"two"
    assert [p.name for p in (tmp_path / "refs").iterdir()] == ["head"]  # no lock, no temp


def test_racing_writers_exactly_one_wins(tmp_path):
    remote = FolderBackend(tmp_path)
    base = remote.replace_if("refs/head", b"base", None)
    wins: list[bytes] = []
    losses: list[bytes] = []
    start = threading.Barrier(8)

    def writer(n: int) -> None:
        data = f"writer {n}".encode()
        start.wait()
        try:
            remote.replace_if("refs/head", data, base)
            wins.append(data)
        except RemoteChanged:
            losses.append(data)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wins) == 1 and len(losses) == 7
    assert remote.read("refs/head") == wins[0]


def test_a_killed_writers_lock_is_taken_over_when_stale(tmp_path, monkeypatch):
    remote = FolderBackend(tmp_path)
    tag = remote.replace_if("refs/head", b"a", None)
    lock = tmp_path / "refs" / ".head.lock"
    lock.touch()
    old = time.time() - folder_backend.LOCK_STALE - 1
    os.utime(lock, (old, old))
    assert remote.replace_if("refs/head", b"b", tag)
    assert remote.read("refs/head") == b"b"
    lock.touch()  # fresh: someone is writing; we wait, then give up without writing
    monkeypatch.setattr(folder_backend, "LOCK_WAIT", 0.05)
    with pytest.raises(folder_backend.BackendError, match="another writer"):
        remote.replace_if("refs/head", b"c", None)
    assert remote.read("refs/head") == b"b"


def test_hostile_names_are_refused(tmp_path):
    remote = FolderBackend(tmp_path / "r")
    for name in ("../escape", "/abs", "a/../../b", ""):
        with pytest.raises(folder_backend.BackendError):
            remote.replace_if(name, b"x", None)
    assert not (tmp_path / "escape").exists()
