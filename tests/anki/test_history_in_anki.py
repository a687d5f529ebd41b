"""The History panel in a real Anki: two saves are two commits in the profile's git
repository (read with the real `git`), the panel lists them, shows the change side by
side, and restores the older version as a save that is itself committed."""

import json
import os
import subprocess
from pathlib import Path

from aqt.qt import Qt
from aqt.theme import Theme
from test_canvas_in_anki import new_notetype

from anki_harness import eval_js, pump, wait_until
from canvas_driver import key
from designer_driver import answer_modal, click, close, js, open_from_menu, open_notetype, set_code

NAME = "History Target"
FIRST = "<div class=first>{{Front}}</div>"
LABEL = "before the <i>redesign</i>"
STATUS = "document.getElementById('history-status').textContent"
SHOTS = os.environ.get("ATD_HISTORY_SHOT")  # a path: save the panel with its label
SECOND = '<div class="second" onclick="alert(1)">{{Front}} <b>bold</b></div>'


def subjects(repo):
    result = subprocess.run(
        ["git", "--git-dir", str(repo), "log", "--format=%s", "main"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.splitlines() if result.returncode == 0 else []


def ours(repo):
    """The commits of this test's note type (opening the designer may first commit another
    note type's outside changes, left by an earlier test)."""
    return [subject for subject in subjects(repo) if subject.startswith(f"{NAME}:")]


def save_as(dialog, text):
    set_code(dialog, text)
    js(dialog, "delete document.body.dataset.lastSave; 0")
    click(dialog, "#save")
    wait_until(lambda: js(dialog, "document.body.dataset.lastSave") == "saved", 20, "the save")


def test_save_commit_listed_diff_and_restore(mw):
    new_notetype(mw, NAME, "<div>{{Front}}</div>")
    notetype_id = mw.col.models.by_name(NAME)["id"]
    repo = Path(mw.col.path).parent / "atd-history.git"
    dialog = open_from_menu(mw)
    try:
        open_notetype(dialog, NAME)
        # Opening it records the version the designer first sees, off the main thread.
        wait_until(lambda: any("first version" in s for s in ours(repo)), 20, "the seen version")
        before = len(ours(repo))
        save_as(dialog, FIRST)
        wait_until(lambda: len(ours(repo)) == before + 1, 20, "the first commit")
        save_as(dialog, SECOND)
        wait_until(lambda: subjects(repo)[:1] == [f"{NAME}: Card 1 front"], 20, "the second")
        click(dialog, "#history-open")
        wait_until(
            lambda: js(dialog, "document.querySelectorAll('#history-list .vlist-row').length") >= 2,
            20,
            "the timeline",
        )
        rows = json.loads(
            js(
                dialog,
                "JSON.stringify([...document.querySelectorAll('#history-list .vlist-row')].map(r => r.textContent))",
            )
        )
        assert rows[0].endswith(f"{NAME}: Card 1 front")
        click(dialog, '#history-list [data-index="0"]')
        wait_until(
            lambda: (
                js(dialog, "document.querySelectorAll('#history-diff .diff-changed').length") == 1
            ),
            20,
            "the diff",
        )
        cells = json.loads(
            js(
                dialog,
                "JSON.stringify([...document.querySelectorAll('#history-diff .diff-changed .diff-code')].map(c => c.textContent))",
            )
        )
        assert cells == [FIRST, SECOND]
        # Template text is shown as text: its markup and handlers never become elements.
        assert (
            js(
                dialog,
                "document.querySelectorAll('#history-diff b, #history-diff [onclick]').length",
            )
            == 0
        )
        assert js(dialog, "document.querySelectorAll('#history-diff .hl-field').length") >= 2
        click(dialog, '#history-list [data-index="1"]')
        wait_until(
            lambda: js(dialog, "document.getElementById('history-restore').disabled") is False, 10
        )
        # A label (a git tag) on the older commit, shown in its timeline row as text.
        click(dialog, "#history-label")
        wait_until(lambda: js(dialog, "!!document.querySelector('dialog.modal[open] input')"), 10)
        js(
            dialog,
            "const i = document.querySelector('dialog.modal[open] input');"
            f"i.value = {json.dumps(LABEL)};"
            "document.querySelector('dialog.modal[open] button[type=submit]').click(); 0",
        )
        row = "document.querySelector('#history-list [data-index=\"1\"]').textContent"
        wait_until(lambda: f"[{LABEL}]" in js(dialog, row), 20, "the label in the row")
        assert js(dialog, "document.querySelectorAll('#history-list i').length") == 0
        tags = subprocess.run(
            ["git", "--git-dir", str(repo), "tag", "-n1"], capture_output=True, text=True
        )
        assert LABEL in tags.stdout
        if SHOTS:  # light, then night: looked at by hand, not by CI
            pump(0.5)
            dialog.grab().save(SHOTS)
            mw.set_theme(Theme.DARK)
            try:
                pump(1.0)
                dialog.grab().save(SHOTS.replace(".png", "-night.png"))
            finally:
                mw.set_theme(Theme.LIGHT)
        # The label taken off again from the panel: the tag goes, the version stays.
        click(dialog, "#history-unlabel")
        answer_modal(dialog, "label:0")
        wait_until(lambda: f"[{LABEL}]" not in js(dialog, row), 20, "the label to go")
        tags = subprocess.run(
            ["git", "--git-dir", str(repo), "tag", "-n1"], capture_output=True, text=True
        )
        assert LABEL not in tags.stdout
        # The older version in the preview pane (its own page), read-only: the draft stays.
        click(dialog, "#history-preview")
        shown = "document.getElementById('qa')?.innerHTML ?? ''"
        wait_until(lambda: 'class="first"' in eval_js(dialog.preview, shown), 20, "the past one")
        assert "read-only" in js(dialog, STATUS)
        click(dialog, "#history-restore")
        answer_modal(dialog, "restore")
        wait_until(
            lambda: mw.col.models.get(notetype_id)["tmpls"][0]["qfmt"] == FIRST, 20, "the restore"
        )
        wait_until(
            lambda: (
                subjects(repo)[:1] == [f"{NAME}: Card 1 front"] and len(ours(repo)) == before + 3
            ),
            20,
            "the restore commit",
        )
        assert (
            subprocess.run(
                ["git", "--git-dir", str(repo), "fsck", "--strict"], check=False
            ).returncode
            == 0
        )
        assert "Undo" in mw.form.menuEdit.actions()[0].text()  # the restore is undoable
        # Esc in the panel closes the panel, not the designer.
        click(dialog, "#history-open")
        wait_until(lambda: js(dialog, "document.getElementById('history-dialog').open"), 10)
        js(dialog, "document.getElementById('history-list').focus(); 0")
        key(dialog, Qt.Key.Key_Escape)
        pump(0.4)
        assert not dialog._closed, "Esc in the History panel closed the designer"
        assert not js(dialog, "document.getElementById('history-dialog').open")
    finally:
        close(dialog)
