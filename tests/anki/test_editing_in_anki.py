"""Editing a note type in the designer inside a real Anki, through the real page:
live preview, located problems, saving as an undoable step, conflicts, full-sync
confirmation, drafts that survive a closed window. (The ways in:
test_entry_points_in_anki.py.)"""

import copy

from aqt.qt import QApplication, QMessageBox, QTimer

from anki_harness import eval_js, pump, wait_until
from anki_template_designer.gui.compat import open_dialog
from designer_driver import (
    answer_modal,
    click,
    close,
    code,
    js,
    open_from_menu,
    open_notetype,
    set_code,
    wait_preview,
    wait_ready,
    wait_saved,
)

DIALOG_NAME = "AnkiTemplateDesigner"


def notetype(mw, name):
    return mw.col.models.by_name(name)


def test_typing_in_the_front_template_updates_the_preview_with_a_real_note(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    wait_preview(dialog, lambda html: "capital of France" in html or "H<sub>2</sub>O" in html)
    set_code(dialog, '<div class="big">{{Front}}</div><p>designed</p>')
    wait_preview(dialog, lambda html: "<p>designed</p>" in html, "the edited front")
    assert js(dialog, "document.getElementById('save').disabled") is False
    assert "designed" not in notetype(mw, "Basic")["tmpls"][0]["qfmt"]  # nothing saved yet
    close_discarding(dialog)


def close_discarding(dialog):
    """Close a dirty designer, answering Anki's "discard?" question with Yes."""
    QTimer.singleShot(300, lambda: answer_message_box(QMessageBox.StandardButton.Yes))
    dialog.reject()
    pump(0.5)


def answer_message_box(button):
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox), f"expected a question, got {box}"
    box.button(button).click()


def test_the_answer_side_and_night_mode_and_cloze_numbers(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Cloze")
    click(dialog, "#pv-answer")
    click(dialog, "#pv-night")
    wait_until(lambda: "nightMode" in eval_js(dialog.preview, "document.body.className"), 10)
    wait_until(lambda: js(dialog, "document.querySelectorAll('#pv-cloze option').length") == 2)
    js(
        dialog,
        "const c = document.getElementById('pv-cloze'); c.value = '2';"
        " c.dispatchEvent(new Event('change')); 0",
    )
    wait_preview(dialog, lambda html: 'data-ordinal="2"' in html and "cloze" in html)
    close(dialog)


def test_a_planted_error_is_listed_with_its_line_and_save_is_refused(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic (and reversed card)")
    set_code(dialog, "<div>\n  {{Frnt}}\n</div>")
    wait_until(lambda: js(dialog, "document.querySelectorAll('.diagnostic.error').length") >= 1)
    text = js(dialog, "document.querySelector('.diagnostic.error').textContent")
    assert "no field called 'Frnt'" in text and "line 2, column 3" in text
    wait_preview(dialog, lambda html: "template has a problem" in html)
    click(dialog, "#save")
    wait_until(lambda: js(dialog, "document.body.dataset.lastSave") == "refused")
    assert notetype(mw, "Basic (and reversed card)")["tmpls"][0]["qfmt"] == "{{Front}}"
    close_discarding(dialog)


def test_save_writes_the_collection_as_one_undoable_step(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    set_code(dialog, "<h1>{{Front}}</h1>")
    click(dialog, "[data-side=css]")
    wait_until(lambda: ".card" in code(dialog))
    set_code(dialog, code(dialog) + "\nh1 { letter-spacing: 1px; }")
    js(dialog, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 's', ctrlKey: true})); 0")
    wait_saved(dialog)
    saved = notetype(mw, "Basic")
    assert saved["tmpls"][0]["qfmt"] == "<h1>{{Front}}</h1>"
    assert saved["css"].endswith("\nh1 { letter-spacing: 1px; }")
    assert mw.col.undo_status().undo == "Update Note Type"
    assert js(dialog, "document.getElementById('save').disabled") is True
    close(dialog)  # not dirty: closes without asking
    assert open_dialog(DIALOG_NAME) is None


def test_typing_in_a_crlf_template_keeps_its_line_endings(mw):
    basic = notetype(mw, "Basic (optional reversed card)")
    basic["tmpls"][1]["afmt"] = "{{FrontSide}}\r\n<hr id=answer>\r\n{{Front}}\r\n"
    mw.col.models.update_dict(basic)
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic (optional reversed card)")
    js(
        dialog,
        "document.getElementById('card-type').value = '1';"
        " document.getElementById('card-type').dispatchEvent(new Event('change')); 0",
    )
    click(dialog, "[data-side=back]")
    wait_until(lambda: code(dialog) == "{{FrontSide}}\n<hr id=answer>\n{{Front}}\n")
    set_code(dialog, "{{FrontSide}}\n<hr id=answer>\n{{Front}}!\nnew line\n")
    click(dialog, "#save")
    wait_saved(dialog)
    saved = notetype(mw, "Basic (optional reversed card)")["tmpls"][1]["afmt"]
    assert saved == "{{FrontSide}}\r\n<hr id=answer>\r\n{{Front}}!\r\nnew line\r\n"
    close(dialog)


def test_edits_typed_while_saving_stay_unsaved_and_dirty(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    set_code(dialog, "<h2>{{Front}}</h2>")
    js(
        dialog,
        "document.getElementById('save').click();"
        " (() => { const c = document.getElementById('code'); c.value = '<h3>{{Front}}</h3>';"
        " c.dispatchEvent(new Event('input')); })(); 0",
    )
    wait_saved(dialog)
    assert notetype(mw, "Basic")["tmpls"][0]["qfmt"] == "<h2>{{Front}}</h2>"
    wait_until(lambda: js(dialog, "document.body.dataset.dirty") == "true")
    assert dialog.dirty  # closing would ask
    close_discarding(dialog)


def test_leaving_a_note_type_keeps_its_draft_as_promised(mw, addon):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic (and reversed card)")
    set_code(dialog, "{{Front}} <!-- left behind -->")
    js(
        dialog,
        "[...document.querySelectorAll('#notetype-list [data-id]')]"
        ".find(e => e.textContent.startsWith('Cloze')).click(); 0",
    )
    assert "autosaved draft" in answer_modal(dialog, "leave")
    wait_until(
        lambda: js(dialog, "document.getElementById('notetype-title').textContent") == "Cloze"
    )
    pump(0.3)
    assert not dialog.dirty
    close(dialog)  # nothing unsaved in Cloze: closes without asking, keeps the other draft
    reversed_id = notetype(mw, "Basic (and reversed card)")["id"]
    again = wait_ready(addon.ADDON_RUNTIME.open_designer(notetype_id=reversed_id))
    answer_modal(again, "discard")
    close(again)


def test_a_change_made_elsewhere_is_not_overwritten_without_asking(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic (optional reversed card)")
    set_code(dialog, "{{Front}} (mine)")
    elsewhere = copy.deepcopy(notetype(mw, "Basic (optional reversed card)"))
    elsewhere["css"] += "\n/* theirs */"
    mw.col.models.update_dict(elsewhere)
    click(dialog, "#save")
    message = answer_modal(dialog, "keep")
    assert "changed outside the designer" in message
    wait_saved(dialog)
    saved = notetype(mw, "Basic (optional reversed card)")
    assert saved["tmpls"][0]["qfmt"] == "{{Front}} (mine)"
    assert "/* theirs */" not in saved["css"]  # "keep mine" overwrote it, as the user chose
    close(dialog)


def test_adding_a_card_type_asks_about_the_full_sync_before_saving(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic (type in the answer)")
    click(dialog, "[data-cardop=add]")
    wait_until(lambda: js(dialog, "document.querySelectorAll('#card-type option').length") == 2)
    set_code(dialog, "{{Back}}?")
    click(dialog, "#save")
    message = answer_modal(dialog, "cancel")
    assert "full upload" in message and "adds Card 2" in message
    assert len(notetype(mw, "Basic (type in the answer)")["tmpls"]) == 1
    click(dialog, "#save")
    answer_modal(dialog, "save")
    wait_saved(dialog)
    saved = notetype(mw, "Basic (type in the answer)")
    assert [t["name"] for t in saved["tmpls"]] == ["Card 1", "Card 2"]
    assert saved["tmpls"][1]["qfmt"] == "{{Back}}?"
    close(dialog)


def test_unsaved_work_survives_a_closed_window_and_is_offered_back(mw, addon):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Vocabulary (demo)")
    set_code(dialog, '<div class="word">{{Word}}</div><!-- autosaved -->')
    wait_until(
        lambda: js(dialog, "document.getElementById('status').textContent") == "Draft autosaved",
        10,
        "the autosave",
    )
    dialog.closeWithCallback(lambda: None)  # as when the profile closes: no question asked
    pump(0.3)
    vocab_id = notetype(mw, "Vocabulary (demo)")["id"]
    reopened = wait_ready(addon.ADDON_RUNTIME.open_designer(notetype_id=vocab_id))
    message = answer_modal(reopened, "restore")
    assert "were never saved" in message
    wait_until(lambda: "<!-- autosaved -->" in code(reopened))
    assert js(reopened, "document.body.dataset.dirty") == "true"
    close_discarding(reopened)
    again = wait_ready(addon.ADDON_RUNTIME.open_designer(notetype_id=vocab_id))
    pump(0.5)
    assert not js(again, "!!document.querySelector('dialog.modal[open]')")  # draft discarded
    close(again)
