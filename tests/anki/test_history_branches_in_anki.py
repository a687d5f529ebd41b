"""Branches and merges from the History panel in a real Anki: try on a branch (main stays),
switch back, merge the branch into main with the overlapping change chosen in the conflict
dialog, then a shared-deck style update that replaces the user's version, and "Keep my
changes" re-applying the customization onto it, its overlap chosen in the dialog. Read back with the real `git`."""

import json
import os
import subprocess
from pathlib import Path

from test_canvas_in_anki import new_notetype
from test_history_in_anki import save_as, subjects

from anki_harness import pump, wait_until
from designer_driver import answer_modal, click, close, js, open_from_menu, open_notetype

NAME = "Branch Target"
ORIGINAL = "<div>{{Front}}</div>"
BRANCHED = "<div class=branched>{{Front}}</div>"
ON_MAIN = "<div class=main>{{Front}}</div>"
UPDATE = "<div class=update>{{Back}}</div>"
UPDATED_FRONT = "<div class=update>{{Front}}</div>"
SHOT = os.environ.get("ATD_BRANCH_SHOT")  # a path: save the conflict dialog, looked at by hand
BRANCH = "document.getElementById('history-branch')?.textContent"
ROWS = "document.querySelectorAll('#history-list .vlist-row').length"


def git(repo, *args):
    command = ["git", "--git-dir", str(repo), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def parents(repo, ref="main"):
    return git(repo, "log", "-1", "--format=%P", ref).split()


def committed(repo, ref, nid, side="front"):
    """The card's `side` as `ref` holds it (its folder may be "Card 1~1")."""
    names = git(repo, "ls-tree", "-r", "--name-only", ref, f"{nid}/cards").splitlines()
    (path,) = [n for n in names if n.endswith(f"/{side}.html")]
    return git(repo, "show", f"{ref}:{path}")


def graph(repo):
    """What a failure shows: every commit with its parents and refs."""
    return git(repo, "log", "--all", "--format=%h %p %D | %s")


def open_history(dialog):
    click(dialog, "#history-open")
    wait_until(lambda: js(dialog, ROWS) >= 1, 20, "the timeline")


def test_try_on_a_branch_switch_merge_with_a_conflict_and_keep_changes_on_update(mw):
    new_notetype(mw, NAME, ORIGINAL, back_text="{{Back}}")
    nid = mw.col.models.by_name(NAME)["id"]
    repo = Path(mw.col.path).parent / "atd-history.git"
    branch_ref = f"refs/heads/try/{nid}/big-font"
    dialog = open_from_menu(mw)

    def front():
        return mw.col.models.get(nid)["tmpls"][0]["qfmt"]

    def mine():
        return [s for s in subjects(repo) if s.startswith(f"{NAME}:")]

    try:
        open_notetype(dialog, NAME)
        wait_until(lambda: len(mine()) == 1, 20, "the first version's commit")
        open_history(dialog)
        assert js(dialog, BRANCH) == "main"
        click(dialog, "#history-try")
        wait_until(lambda: js(dialog, "!!document.querySelector('dialog.modal[open] input')"), 10)
        js(
            dialog,
            "document.querySelector('dialog.modal[open] input').value = 'big font';"
            "document.querySelector('dialog.modal[open] button[type=submit]').click(); 0",
        )
        wait_until(lambda: js(dialog, BRANCH) == "big-font", 20, "the branch")
        click(dialog, "#history-close")
        save_as(dialog, BRANCHED)
        wait_until(
            lambda: f"{NAME}: Card 1 front" in git(repo, "log", "-1", "--format=%s", branch_ref),
            20,
            "the branch commit",
        )
        assert len(mine()) == 1  # main did not move

        # Switch back to main: its version is saved into the collection (one undoable save).
        open_history(dialog)
        click(dialog, "#history-switch")
        answer_modal(dialog, "branch:0")
        wait_until(lambda: front() == ORIGINAL, 20, "main's version back")
        save_as(dialog, ON_MAIN)  # the same line changed on both sides: a conflict
        wait_until(lambda: committed(repo, "main", nid) == ON_MAIN, 20, "the save on main")

        # Merge the branch back: the conflict dialog shows both sides as text; keep theirs.
        open_history(dialog)
        assert js(dialog, BRANCH) == "main"
        click(dialog, "#history-merge")
        answer_modal(dialog, "branch:0")
        wait_until(
            lambda: js(dialog, "!!document.querySelector('#conflicts-dialog[open]')"),
            20,
            "the conflicts",
        )
        sides = json.loads(
            js(
                dialog,
                "JSON.stringify([...document.querySelectorAll('#conflicts-dialog .conflict-sides pre')].map(p => p.textContent))",
            )
        )
        assert sides == [ON_MAIN, BRANCHED]
        assert (
            js(
                dialog,
                "document.querySelectorAll('#conflicts-dialog div.main, #conflicts-dialog div.branched').length",
            )
            == 0
        )
        assert js(dialog, "document.getElementById('conflicts-ok').disabled") is True
        if SHOT:
            pump(0.4)
            dialog.grab().save(SHOT)
        js(dialog, "document.querySelector('#conflicts-dialog input[value=theirs]').click(); 0")
        assert js(dialog, "document.getElementById('conflicts-ok').disabled") is False
        click(dialog, "#conflicts-ok")
        wait_until(lambda: front() == BRANCHED, 20, "the merge saved")
        wait_until(
            lambda: len(parents(repo)) == 2, 40, lambda: f"the merge commit in {graph(repo)}"
        )
        assert git(repo, "rev-parse", branch_ref).strip() in parents(repo)

        # A shared deck's update replaces the user's front with its own new one (overlapping
        # the customization: a conflict) and changes the back (merges by itself).
        shipped = mw.col.models.get(nid)
        shipped["tmpls"][0]["qfmt"] = UPDATED_FRONT
        shipped["tmpls"][0]["afmt"] = UPDATE
        mw.col.models.update_dict(shipped)
        open_notetype(dialog, "Basic")
        open_notetype(dialog, NAME)  # picked again in the open designer: compared
        wait_until(lambda: "changed outside" in mine()[0], 20, "the update's commit")
        open_history(dialog)
        click(dialog, '#history-list [data-index="0"]')
        wait_until(
            lambda: js(dialog, "document.getElementById('history-keep').hidden") is False, 10
        )
        click(dialog, "#history-keep")
        wait_until(
            lambda: js(dialog, "!!document.querySelector('#conflicts-dialog[open]')"),
            20,
            "the update's conflict",
        )
        js(dialog, "document.querySelector('#conflicts-dialog input[value=ours]').click(); 0")
        click(dialog, "#conflicts-ok")
        wait_until(lambda: front() == BRANCHED, 20, "the customization kept")
        assert mw.col.models.get(nid)["tmpls"][0]["afmt"] == UPDATE
        wait_until(
            lambda: len(parents(repo)) == 2 and "outside" not in mine()[0],
            40,
            lambda: f"the merge in {graph(repo)}",
        )
        assert committed(repo, "upstream", nid, "back") == UPDATE
        assert committed(repo, "upstream", nid) == UPDATED_FRONT
        assert committed(repo, "main", nid) == BRANCHED
        subprocess.run(["git", "--git-dir", str(repo), "fsck", "--strict"], check=True)
    finally:
        close(dialog)
