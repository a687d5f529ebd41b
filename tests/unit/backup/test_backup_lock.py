"""The repository lock: one writer at a time, a clear error naming the holder, stale locks
(a process that is gone, a lock too old) taken over."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from anki_template_designer.services.backup.lock import (
    STALE_AFTER_S,
    RepositoryLock,
    RepositoryLocked,
)


def hold(tmp_path, **record):
    (tmp_path / "lock").write_text(
        json.dumps(
            {"pid": os.getpid(), "host": socket.gethostname(), "time": time.time(), **record}
        )
    )


def test_a_second_writer_is_refused_with_the_holder_named(tmp_path):
    first, second = RepositoryLock(tmp_path), RepositoryLock(tmp_path)
    with first("backup create"):
        holder = json.loads((tmp_path / "lock").read_text())
        assert holder["pid"] == os.getpid() and holder["operation"] == "backup create"
        with pytest.raises(RepositoryLocked) as refused:
            second.acquire("backup prune")
        message = str(refused.value)
        assert f"process {os.getpid()} on {socket.gethostname()}" in message
        assert "backup create" in message and "in use" in message
        with first("nested"):  # re-entrant for its own holder
            pass
        assert (tmp_path / "lock").exists()
    assert not (tmp_path / "lock").exists()
    with second("backup prune"):
        pass


def test_a_lock_of_a_process_that_is_gone_is_taken_over(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    hold(tmp_path, pid=int(dead.stdout), operation="backup create")
    lock = RepositoryLock(tmp_path)
    with lock("backup prune"):
        assert json.loads((tmp_path / "lock").read_text())["pid"] == os.getpid()
    assert not list(tmp_path.iterdir())  # nothing left aside


def test_an_old_lock_of_another_host_is_taken_over_a_recent_one_is_not(tmp_path):
    hold(tmp_path, pid=1, host="elsewhere", operation="backup create")
    with pytest.raises(RepositoryLocked, match="on elsewhere"):
        RepositoryLock(tmp_path).acquire("x")
    hold(tmp_path, pid=1, host="elsewhere", time=time.time() - STALE_AFTER_S - 5)
    with RepositoryLock(tmp_path)("x"):
        pass


def test_an_unreadable_lock_file_counts_as_held_until_old(tmp_path):
    (tmp_path / "lock").write_text("{garbage")
    with pytest.raises(RepositoryLocked, match="unreadable lock file"):
        RepositoryLock(tmp_path).acquire("x")
    old = time.time() - STALE_AFTER_S - 5
    os.utime(tmp_path / "lock", (old, old))
    with RepositoryLock(tmp_path)("x"):
        pass


def test_another_thread_of_the_process_waits_for_the_holder(tmp_path):
    import threading

    lock = RepositoryLock(tmp_path)
    order = []
    lock.acquire("backup create")

    def second():
        with lock("backup prune"):
            order.append("second")

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.2)
    order.append("first done")
    lock.release()
    thread.join(5)
    assert order == ["first done", "second"] and not (tmp_path / "lock").exists()
