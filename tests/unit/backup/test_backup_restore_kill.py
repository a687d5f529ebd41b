"""A CLI restore of several note types killed between two of them (kill -9 as each is
about to be written, through restore_kill_runner.py): the collection file is as before
or as after, never between; a later restore finishes and leaves nothing behind."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from anki_template_designer.cli import main
from anki_template_designer.services.notetype_files import all_notetypes, notetypes_as_files

RUNNER = Path(__file__).with_name("restore_kill_runner.py")
BROKEN = ("Basic", "Cloze", "Basic (and reversed card)")


def files_of(path):
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        return notetypes_as_files(all_notetypes(col))
    finally:
        col.close()


def break_notetypes(path):
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        for name in BROKEN:
            notetype = col.models.by_name(name)
            notetype["css"] = f"/* {name} broken */"
            col.models.update_dict(notetype)
    finally:
        col.close()


def test_a_restore_killed_between_note_types_leaves_the_collection_before_or_after(
    tmp_path, col, capsys, monkeypatch
):
    monkeypatch.delenv("ATD_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("ATD_PASSPHRASE", raising=False)
    path = Path(col.path)
    col.close()
    args = ["--repo", str(tmp_path / "repo"), "--device-key", str(tmp_path / "device.key")]
    assert main(["backup", "init", *args]) == 0
    assert main(["backup", "create", str(path), *args]) == 0
    snapshot = capsys.readouterr().out.split("snapshot ")[1].split(":")[0]
    good = files_of(path)
    break_notetypes(path)
    broken = files_of(path)
    restore = ["backup", "restore", str(path), *args, "--snapshot", snapshot]
    for kill_at in (1, 2, 3):
        result = subprocess.run(
            [sys.executable, str(RUNNER), *restore],
            env={**os.environ, "ATD_KILL_AT_IMPORT": str(kill_at)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert files_of(path) == broken, f"killed at note type {kill_at}: half restored"
    assert list(path.parent.glob(f".{path.name}.replacing-*"))  # the killed run's copy
    assert main(restore) == 0
    assert files_of(path) == good
    assert not list(path.parent.glob(f".{path.name}.replacing-*"))  # cleared as left over
