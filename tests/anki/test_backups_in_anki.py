"""Backups in a real Anki: a save in the designer leaves a snapshot; a note type broken
behind the designer's back (through the collection) is restored from the Backups panel
after its side-by-side preview, byte-identical to what was saved, as one step that Edit →
Undo in Anki's main window reverts. The recovery code of the new repository is shown once,
verify shows its result, and the panel is photographed light and night:
test-artifacts/backups-panel-1366x768*.png. A preset deleted since a snapshot is restored
alone from the panel, and one made since stays."""

import json
import sys
from pathlib import Path

from aqt.qt import Qt
from conftest import ADDON_FOLDER

from anki_harness import pump, wait_until
from anki_template_designer.gui.compat import open_dialog
from canvas_driver import key
from designer_driver import (
    DIALOG_NAME,
    answer_modal,
    click,
    close,
    js,
    open_from_menu,
    open_notetype,
    set_code,
    skip_tour,
    wait_saved,
)

NAME = "Backup Drill"
HOSTILE = '<img src=x onerror="window.__pwned=1">Drill'  # shown as text, never run
PANEL = "document.getElementById('backups-dialog')"
STATUS = "document.getElementById('backups-status').textContent"
SAVED_FRONT = "<h2>{{Front}}</h2>\n<p class=hint>saved in the designer</p>"


def addon_module(name):
    return sys.modules[f"{ADDON_FOLDER}.{name}"]


def files_of(mw, notetype_id):
    layout = addon_module("services.notetype_files.layout")
    return layout.notetype_to_files(dict(mw.col.models.get(notetype_id)))


def make_notetype(mw, name):
    models = mw.col.models
    copy = models.copy(models.by_name("Basic"), add=False)
    copy["name"] = name
    return int(models.add_dict(copy).id)


def panel_ready(dialog):
    return js(dialog, f"{PANEL}?.dataset.state") == "ready"


def shoot(dialog, artifacts, name):
    pump(0.4)
    dialog.grab().save(str(artifacts / name))


def test_a_saved_note_type_broken_elsewhere_is_restored_from_the_panel_and_undone(mw, artifacts):
    notetype_id = make_notetype(mw, NAME)
    hostile_id = make_notetype(mw, HOSTILE)
    hostile_name = mw.col.models.get(hostile_id)["name"]  # Anki drops the quotes
    assert hostile_name.startswith("<img src=x onerror=")
    dialog = open_from_menu(mw)
    skip_tour(dialog)
    backups = dialog.registry.get(addon_module("features.backup.service").BackupService)
    assert backups.root == Path(mw.pm.profileFolder()) / "template_designer_backups"
    assert ADDON_FOLDER not in str(backups.root)

    open_notetype(dialog, NAME)
    set_code(dialog, SAVED_FRONT)
    js(dialog, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 's', ctrlKey: true})); 0")
    wait_saved(dialog)
    saved = files_of(mw, notetype_id)
    assert mw.col.models.get(notetype_id)["tmpls"][0]["qfmt"] == SAVED_FRONT

    def snapshot_holds_the_save():
        snapshots = backups.snapshots()
        if not snapshots or snapshots[-1].reason != "after-save":
            return False
        repository = backups.repository()
        held = [nt for nt in repository.notetypes(snapshots[-1]) if nt["id"] == notetype_id]
        return bool(held) and held[0]["tmpls"][0]["qfmt"] == SAVED_FRONT

    wait_until(snapshot_holds_the_save, 20, "an after-save snapshot holding the save")
    # The one before holds what the save replaced (a before-save snapshot, or the daily
    # one made at open when it already held exactly that).
    previous = backups.snapshots()[-2]
    (replaced,) = [nt for nt in backups.repository().notetypes(previous) if nt["id"] == notetype_id]
    assert replaced["tmpls"][0]["qfmt"] == "{{Front}}", previous.reason

    broken = mw.col.models.get(notetype_id)
    broken["tmpls"][0]["qfmt"] = "BROKEN {{Front}}"
    broken["css"] = ".card { display: none; }"
    mw.col.models.update_dict(broken)
    assert files_of(mw, notetype_id) != saved
    other = mw.col.models.get(hostile_id)
    other["css"] += "\n/* changed too */"
    mw.col.models.update_dict(other)

    click(dialog, "#backups-open")
    wait_until(lambda: panel_ready(dialog), 15, "the Backups panel")
    code = js(dialog, "document.getElementById('backups-code-text')?.textContent")
    assert code and len(code.split("-")) == 8, "the new repository's recovery code is shown"
    rows = js(dialog, "[...document.querySelectorAll('[data-snapshot]')].map(b => b.textContent)")
    assert rows and "After save" in rows[0]
    rows_ids = js(
        dialog, "[...document.querySelectorAll('[data-snapshot]')].map(b => b.dataset.snapshot)"
    )
    js(dialog, "document.querySelector('[data-snapshot]').focus(); 0")
    click(dialog, "[data-snapshot]")  # the newest
    wait_until(
        lambda: js(dialog, "!!document.querySelector('#backups-scope')") and panel_ready(dialog),
        15,
        "the preview of the whole snapshot",
    )
    assert js(dialog, "document.activeElement.dataset.snapshot") == rows_ids[0], "focus kept"
    changed = js(
        dialog, "[...document.querySelectorAll('.backup-change h4')].map(e => e.textContent)"
    )
    assert sorted(changed) == sorted(
        [f"{NAME} — 2 files differ", f"{hostile_name} — 1 file differs"]
    )
    js(
        dialog,
        f"(() => {{ const s = document.getElementById('backups-scope');"
        f" s.value = {json.dumps(str(notetype_id))}; s.dispatchEvent(new Event('change')); }})(); 0",
    )
    wait_until(
        lambda: (
            panel_ready(dialog)
            and js(
                dialog,
                f"!!document.querySelector('.backup-change[data-notetype={json.dumps(NAME)}]')",
            )
        ),
        15,
        "the side-by-side preview of the broken note type",
    )
    sides = js(
        dialog,
        "[...document.querySelectorAll('.backup-change')].map(c => [c.dataset.notetype,"
        " [...c.querySelectorAll('.backup-file')].map(f => [f.querySelector('.backup-file-path')"
        ".textContent, f.querySelector('.backup-side-current').textContent,"
        " f.querySelector('.backup-side-snapshot').textContent])])",
    )
    assert [name for name, _files in sides] == [NAME]
    by_path = {path: (now, then) for path, now, then in sides[0][1]}
    front = next(p for p in by_path if p.endswith("front.html"))
    assert by_path[front] == ("BROKEN {{Front}}", SAVED_FRONT)
    assert by_path["style.css"][0] == ".card { display: none; }"
    dialog.resize(1366, 768)
    shoot(dialog, artifacts, "backups-panel-1366x768.png")
    js(dialog, "atd.app.setNight(true); 0")
    shoot(dialog, artifacts, "backups-panel-1366x768-night.png")
    js(dialog, "atd.app.setNight(false); 0")

    click(dialog, "#backups-restore")
    answer_modal(dialog, "restore")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Restored"), 20, "the restore")
    assert files_of(mw, notetype_id) == saved, "restored byte-identical to the save"
    assert mw.col.undo_status().undo == "Restore note types from backup"
    reasons = [s.reason for s in backups.snapshots()]
    assert reasons[-1] == "before-restore"
    wait_until(lambda: panel_ready(dialog), 10, "the preview after the restore")
    assert js(dialog, "document.getElementById('backups-restore').disabled") is True
    assert js(dialog, "!!document.getElementById('backups-same')"), "nothing left to restore"

    click(dialog, "#backups-verify")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Backups verified"), 30, "the verify")
    click(dialog, "#backups-code-done")
    assert js(dialog, "document.getElementById('backups-code')") is None
    js(dialog, "document.getElementById('backups-settings').open = true; 0")
    shoot(dialog, artifacts, "backups-panel-settings-1366x768.png")
    # Keep only the last 2: Prune now shows what would go, then forgets it.
    kept_before = len(backups.snapshots())
    js(
        dialog,
        "(() => { for (const [n, v] of [['keepLast', 2], ['keepDaily', 0], ['keepWeekly', 0],"
        " ['keepMonthly', 0]]) document.getElementById('backups-' + n).value = v; return 0; })()",
    )
    click(dialog, "#backups-settings-save")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Backup settings saved"), 10, "save")
    js(dialog, "document.getElementById('backups-settings').open = true; 0")
    click(dialog, "#backups-prune")
    answer_modal(dialog, "prune")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Pruned"), 20, "the prune")
    assert kept_before > 2 and len(backups.snapshots()) == 2
    # The audit trail: the save, the backups, the restore and the prune, newest first.
    js(dialog, "document.getElementById('backups-activity').open = true; 0")
    wait_until(lambda: js(dialog, "!!document.getElementById('backups-activity-table')"), 15, "log")
    shown = js(dialog, "document.getElementById('backups-activity-table').innerText")
    assert "Pruned" in shown and "Restored" in shown and f"Saved\t{NAME} (" in shown, shown
    js(dialog, "document.getElementById('backups-activity').scrollIntoView(); 0")
    shoot(dialog, artifacts, "backups-panel-activity-1366x768.png")
    key(dialog, Qt.Key.Key_Escape)  # Esc closes the panel, not the designer
    wait_until(lambda: js(dialog, f"{PANEL}.open") is False, 5, "Esc to close the panel")
    assert open_dialog(DIALOG_NAME) is dialog
    click(dialog, "#backups-open")
    wait_until(lambda: panel_ready(dialog), 15, "the Backups panel again")
    assert js(dialog, "document.getElementById('backups-code')") is None, "shown only once"
    assert js(dialog, "window.__pwned === undefined && !document.querySelector('img[src=x]')")
    click(dialog, "#backups-close")

    # The open note type was loaded again: an edit saves without a conflict question.
    js(dialog, "delete document.body.dataset.lastSave; 0")
    set_code(dialog, SAVED_FRONT + "\n<!-- after the restore -->")
    js(dialog, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 's', ctrlKey: true})); 0")
    wait_saved(dialog)
    assert js(dialog, "!!document.querySelector('dialog.modal[open]')") is False
    assert mw.col.models.get(notetype_id)["tmpls"][0]["qfmt"].endswith("after the restore -->")
    mw.form.actionUndo.trigger()  # undoes that save
    wait_until(lambda: files_of(mw, notetype_id) == saved, 15, "the save to be undone")
    mw.form.actionUndo.trigger()  # Edit → Undo in Anki's main window: the restore
    wait_until(
        lambda: mw.col.models.get(notetype_id)["tmpls"][0]["qfmt"] == "BROKEN {{Front}}",
        15,
        "Edit → Undo to revert the restore",
    )
    assert mw.col.models.get(notetype_id)["css"] == ".card { display: none; }"
    close(dialog)
    mw.col.models.remove(notetype_id)
    mw.col.models.remove(hostile_id)


def test_a_deleted_preset_is_restored_alone_from_the_panel(mw, artifacts):
    dialog = open_from_menu(mw)
    skip_tour(dialog)
    presets = dialog.registry.get(addon_module("services.presets.service").PresetService)
    builtin = next(p.preset for p in presets.list_presets().presets if p.preset.builtin)
    mine = presets.duplicate(builtin.id, '<b onclick="window.__pwned=1">Drill preset</b>').preset
    click(dialog, "#backups-open")
    wait_until(lambda: panel_ready(dialog), 15, "the Backups panel")
    click(dialog, "#backups-create")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Backed up"), 20, "the backup")
    presets.delete(mine.id, presets.get(mine.id).etag)
    kept = presets.duplicate(builtin.id, "Made after the snapshot").preset
    click(dialog, "#backups-snapshot-list .backup-row")
    row = f"#backups-preset-list [data-preset='{mine.id}']"
    wait_until(lambda: js(dialog, f'!!document.querySelector("{row}")'), 15, "the presets")
    state = js(dialog, f"document.querySelector(\"{row}\").closest('li').dataset.state")
    assert state == "missing"
    wait_until(lambda: panel_ready(dialog), 10, "the panel")
    dialog.resize(1366, 768)
    shoot(dialog, artifacts, "backups-panel-presets-1366x768.png")
    js(dialog, "atd.app.setNight(true); 0")
    shoot(dialog, artifacts, "backups-panel-presets-1366x768-night.png")
    js(dialog, "atd.app.setNight(false); 0")
    click(dialog, row)
    answer_modal(dialog, "restore")
    wait_until(lambda: "restored" in (js(dialog, STATUS) or ""), 20, "the preset restore")
    assert presets.get(mine.id).preset.name == mine.name
    assert presets.get(kept.id).preset.name == "Made after the snapshot"
    assert js(dialog, "window.__pwned === undefined && !document.querySelector('b[onclick]')")
    click(dialog, "#backups-close")
    close(dialog)


def test_one_card_type_is_restored_from_the_panel(mw, artifacts):
    models = mw.col.models
    copy = models.copy(models.by_name("Basic (and reversed card)"), add=False)
    copy["name"] = "Two Sides Drill"
    notetype_id = int(models.add_dict(copy).id)
    dialog = open_from_menu(mw)
    skip_tour(dialog)
    click(dialog, "#backups-open")
    wait_until(lambda: panel_ready(dialog), 15, "the Backups panel")
    click(dialog, "#backups-create")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Backed up"), 20, "the backup")
    notetype = models.get(notetype_id)
    card2 = notetype["tmpls"][1]["qfmt"]
    notetype["tmpls"][0]["qfmt"] = "kept {{Front}}"
    notetype["tmpls"][1]["qfmt"] = "broken {{Back}}"
    models.update_dict(notetype)
    click(dialog, "#backups-snapshot-list .backup-row")
    option = f"#backups-scope option[value='{notetype_id}']"
    wait_until(lambda: js(dialog, f'!!document.querySelector("{option}")'), 15, "the preview")
    js(
        dialog,
        "(() => { const s = document.getElementById('backups-scope');"
        f" s.value = '{notetype_id}'; s.dispatchEvent(new Event('change')); return 0; }})()",
    )
    wait_until(lambda: js(dialog, "!!document.querySelector('#backups-card-type')"), 15, "cards")
    js(
        dialog,
        "(() => { const s = document.getElementById('backups-card-type'); s.value = 'Card 2';"
        " s.dispatchEvent(new Event('change')); return 0; })()",
    )
    wait_until(
        lambda: (
            panel_ready(dialog)
            and js(dialog, "document.getElementById('backups-restore').textContent")
            == "Restore this card type…"
            and js(dialog, "document.querySelectorAll('.backup-file').length") == 1
        ),
        15,
        "the card type's preview",
    )
    shoot(dialog, artifacts, "backups-panel-card-type.png")
    click(dialog, "#backups-restore")
    answer_modal(dialog, "restore")
    wait_until(lambda: (js(dialog, STATUS) or "").startswith("Restored"), 20, "the restore")
    assert [t["qfmt"] for t in models.get(notetype_id)["tmpls"]] == ["kept {{Front}}", card2]
    assert mw.col.undo_status().undo == "Restore note types from backup"
    click(dialog, "#backups-close")
    close(dialog)
    models.remove(notetype_id)
