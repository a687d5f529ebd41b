"""Drives the designer in a real Anki the way a user would: menu, page, preview, modals."""

import json

from anki_harness import eval_js, pump, wait_until
from anki_template_designer.gui.compat import open_dialog

DIALOG_NAME = "AnkiTemplateDesigner"


def menu_action(mw):
    matches = [a for a in mw.form.menuTools.actions() if a.objectName() == "atdOpenDesigner"]
    assert len(matches) == 1, "exactly one Tools menu entry"
    return matches[0]


def wait_ready(dialog):
    wait_until(lambda: dialog.ready, 30, "the page to report ready through the bridge")
    wait_until(lambda: js(dialog, "document.body.dataset.state") == "ready", 20, "ready")
    return dialog


def open_from_menu(mw):
    menu_action(mw).trigger()
    dialog = wait_until(lambda: open_dialog(DIALOG_NAME), 20, "the dialog")
    return wait_ready(dialog)


def skip_tour(dialog):
    """A fresh profile starts the first-run tour; it would sit in front of what a test
    looks at (and in its screenshots)."""
    js(dialog, "document.querySelector('[data-tour=skip]')?.click(); 0")
    pump(0.2)


def close(dialog):
    """Close as Esc does, without the "discard your unsaved changes?" question: a test
    that failed half way must not hang on it (the draft stays for the next open)."""
    dialog.dirty = False
    dialog.reject()
    pump(0.2)


def js(dialog, script):
    return eval_js(dialog.web, script)


def preview_html(dialog):
    return eval_js(dialog.preview, "document.getElementById('qa').innerHTML")


def wait_preview(dialog, predicate, what="the preview"):
    # None while the preview page is still loading (no #qa yet): keep waiting
    return wait_until(lambda: predicate(preview_html(dialog) or ""), 15, what)


def open_notetype(dialog, name):
    """Click a note type in the sidebar and wait until its editor is showing."""
    js(
        dialog,
        f"[...document.querySelectorAll('#notetype-list [data-id]')]"
        f".find(e => e.querySelector('.nt-name').textContent === {json.dumps(name)}).click(); 0",
    )
    wait_until(
        lambda: (
            (js(dialog, "document.getElementById('notetype-title').textContent") or "").rstrip(" •")
            == name
        ),
        15,
        f"{name} to open",
    )
    pump(0.3)


def set_code(dialog, text):
    js(
        dialog,
        f"(() => {{ const c = document.getElementById('code'); c.value = {json.dumps(text)};"
        " c.dispatchEvent(new Event('input')); })(); 0",
    )


def code(dialog):
    return js(dialog, "document.getElementById('code').value")


def click(dialog, selector):
    js(dialog, f"document.querySelector({json.dumps(selector)}).click(); 0")


def answer_modal(dialog, choice, timeout=15):
    """Wait for an in-page modal and press the button `choice` (its data-choice id)."""
    selector = f"dialog.modal[open] [data-choice={json.dumps(choice)}]"
    wait_until(
        lambda: js(dialog, f"!!document.querySelector({json.dumps(selector)})"),
        timeout,
        f"a modal offering {choice}",
    )
    message = js(dialog, "document.querySelector('dialog.modal[open] p')?.textContent || ''")
    click(dialog, selector)
    pump(0.1)
    return message


def wait_saved(dialog):
    return wait_until(
        lambda: js(dialog, "document.body.dataset.lastSave") == "saved", 20, "the save"
    )
