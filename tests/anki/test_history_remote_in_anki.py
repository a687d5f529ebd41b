"""The History panel's remote in a real Anki: choose a folder as the remote, push, another
machine pulls, edits and pushes, Pull brings its edit into the collection (one undo step,
the open designer loads it again), then both edit the same line: Push shows the conflict,
"the remote" is chosen, and both sides end with the same history (read with the real git).
The other machine is our history service on its own repository (no second Anki)."""

import copy
import os
import subprocess
import tempfile
from pathlib import Path

from test_canvas_in_anki import new_notetype
from test_history_in_anki import save_as

from anki_harness import pump, wait_until
from anki_template_designer.services.history import NoteTypeHistory
from anki_template_designer.services.history.remotes import sync
from designer_driver import click, close, code, js, open_from_menu, open_notetype

NAME = "Remote Target"
SHOT = os.environ.get("ATD_REMOTE_SHOT")  # a path: save the panel with its remote bar
STATUS = "document.getElementById('history-status').textContent"


def rev(repo, ref="main"):
    command = ["git", "--git-dir", str(repo), "rev-parse", ref]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def other_machine_edits(folder, remote, nid, front):
    """Another machine: take the shared history, change the front, push."""
    other = NoteTypeHistory(folder / "other.git", "Laptop")
    try:
        sync(other.store, remote, other._author(), push=False)
        version = copy.deepcopy(other.show("main", nid))
        version["tmpls"][0]["qfmt"] = front
        other.record(version)
        assert sync(other.store, remote, other._author()).pushed
    finally:
        other.close()


def test_push_pull_and_a_conflict_through_a_folder_remote(mw):
    new_notetype(mw, NAME, "<div>{{Front}}</div>", back_text="{{Back}}")
    nid = mw.col.models.by_name(NAME)["id"]
    repo = Path(mw.col.path).parent / "atd-history.git"
    folder = Path(tempfile.mkdtemp(prefix="atd-remote-"))
    remote = folder / "shared.git"
    dialog = open_from_menu(mw)

    def front():
        return mw.col.models.get(nid)["tmpls"][0]["qfmt"]

    try:
        open_notetype(dialog, NAME)
        click(dialog, "#history-open")
        wait_until(
            lambda: (
                js(dialog, "document.getElementById('history-remote-url')?.textContent")
                == "no remote"
            ),
            20,
        )
        click(dialog, "#history-remote")
        wait_until(lambda: js(dialog, "!!document.getElementById('remote-url')"), 10)
        js(
            dialog,
            f"document.getElementById('remote-url').value = {str(remote)!r}; document.getElementById('remote-save').click(); 0",
        )
        wait_until(
            lambda: js(dialog, "document.getElementById('history-push').disabled") is False, 10
        )
        click(dialog, "#history-push")
        wait_until(lambda: "Sent" in js(dialog, STATUS), 20, "the push")
        assert rev(remote) == rev(repo)

        other_machine_edits(folder, str(remote), nid, "<div class=laptop>{{Front}}</div>")
        click(dialog, "#history-pull")
        wait_until(lambda: front() == "<div class=laptop>{{Front}}</div>", 20, "the pull")
        wait_until(lambda: f"Updated from {remote}: {NAME}." in js(dialog, STATUS), 20)
        assert mw.col.undo_status().undo == "Update note types from the history remote"
        click(dialog, "#history-close")
        wait_until(lambda: code(dialog) == "<div class=laptop>{{Front}}</div>", 20, "the reload")

        # Both change the same line; the push shows the conflict and takes the remote's.
        save_as(dialog, "<div class=desk>{{Front}}</div>")
        other_machine_edits(folder, str(remote), nid, "<div class=laptop2>{{Front}}</div>")
        click(dialog, "#history-open")
        wait_until(
            lambda: js(dialog, "document.getElementById('history-push').disabled") is False, 20
        )
        click(dialog, "#history-push")
        wait_until(lambda: js(dialog, "!!document.querySelector('#conflicts-dialog[open]')"), 20)
        if SHOT:
            pump(0.4)
            dialog.grab().save(SHOT)
        js(dialog, "document.querySelector('#conflicts-dialog input[value=theirs]').click(); 0")
        click(dialog, "#conflicts-ok")
        wait_until(lambda: front() == "<div class=laptop2>{{Front}}</div>", 20, "the choice")
        wait_until(lambda: "Sent" in js(dialog, STATUS), 20, "the push after the choice")
        assert rev(remote) == rev(repo)
        subprocess.run(["git", "--git-dir", str(remote), "fsck", "--strict"], check=True)
    finally:
        close(dialog)
