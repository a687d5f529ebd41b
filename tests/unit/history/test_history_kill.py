"""kill -9 in the middle of commits leaves a repository the real `git fsck` accepts."""

import os
import signal
import subprocess
import sys
import time

import pytest
from git_helpers import fsck, git

from anki_template_designer.services.history import HistoryError, NoteTypeHistory

WRITER = """
import sys
from anki.collection import Collection
from anki_template_designer.services.history import HistoryError, NoteTypeHistory
col = Collection(sys.argv[2])
nt = dict(col.models.by_name("Basic"))
history = NoteTypeHistory(sys.argv[1], "killed")
index = 0
while True:
    index += 1
    nt["css"] += "\\n.c%d { color: red; }" % index
    nt["tmpls"][0]["qfmt"] += "<i>%d</i>" % index
    history.record(nt)
    if index == 3:
        print("committing", flush=True)
"""


def test_kill_during_commits_leaves_a_valid_repository(tmp_path, col):
    repo, path = tmp_path / "h.git", col.path
    col.close()
    for delay in (0.05, 0.2, 0.5):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(repo), path], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout.readline() == "committing\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        result = fsck(repo)
        assert result.returncode == 0, result.stdout + result.stderr
        for lock in repo.rglob("*.lock"):  # a lock the killed writer left, aged past the
            os.utime(lock, (time.time() - 60, time.time() - 60))  # stale threshold
        history = NoteTypeHistory(repo, "after")
        assert history.rebuilt is None
        count = len(git(repo, "log", "--format=%H", "main").stdout.split())
        assert count >= 3
        history.close()


def test_a_stale_lock_is_cleared_and_a_live_one_waited_for(tmp_path, col):
    repo = tmp_path / "h.git"
    history = NoteTypeHistory(repo, "p")
    nt = dict(col.models.by_name("Basic"))
    history.record(nt)
    lock = repo / "refs" / "heads" / "main.lock"
    lock.write_text("left by a killed process\n")
    os.utime(lock, (time.time() - 60, time.time() - 60))
    nt["css"] += "/* after */"
    assert history.record(nt)
    lock.write_text("a live writer\n")  # fresh: never taken away from its writer
    nt["css"] += "/* blocked */"
    with pytest.raises(HistoryError, match="stayed locked by another writer"):
        history.record(nt)
    assert lock.exists()
    lock.unlink()
    assert fsck(repo).returncode == 0
