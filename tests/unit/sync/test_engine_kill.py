"""Our side killed mid-sync (os._exit in a child process, as kill -9) at each write to the
remote and between writing the collection and saving the sync state: the next sync
completes and both machines hold both machines' edits."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from anki.collection import Collection
from sync_machines import Machine, two_machines

from anki_template_designer.services.backup.folder_backend import FolderBackend
from anki_template_designer.services.sync.engine import SyncEngine

RUNNER = Path(__file__).with_name("kill_runner.py")


@pytest.mark.parametrize("point", ["1", "2", "3", "4", "save"])
def test_killed_mid_sync_the_next_sync_completes(tmp_path, point):
    remote = tmp_path / "remote"
    a, b = two_machines(tmp_path, FolderBackend(remote), FolderBackend(remote))
    a.sync()
    b.sync()
    a.set_front("Basic", "a's {{Front}}")
    a.sync()
    b.set_css("Cloze", ".b { }\n")
    b_path, state = b.col.path, Path(b.col.path).with_name("sync-state.json")
    b.col.close()

    child = subprocess.run(
        [sys.executable, str(RUNNER), b_path, str(remote), str(state), point],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 137, child.stderr

    col = Collection(b_path)
    b = Machine(col, SyncEngine(col, FolderBackend(remote), "correct horse battery", state, "b"))
    try:
        b.sync()
        a.sync()
        for machine in (a, b):
            assert machine.front("Basic") == "a's {{Front}}"
            assert machine.notetype("Cloze")["css"] == ".b { }\n"
        assert a.texts() == b.texts()
    finally:
        a.col.close()
        b.col.close()
