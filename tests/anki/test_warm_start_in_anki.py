"""The warm designer page (gui/warm_page.py) in a real Anki: a page loaded ahead of time is
what the next designer opens on, it is usable like a fresh one, it has no bridge until a
dialog adopts it, each dialog gets a page of its own, and `warm_start: false` turns it off."""

import pytest
from conftest import ADDON_FOLDER

from anki_harness import eval_js, pump, wait_until
from anki_template_designer.gui.compat import open_dialog
from designer_driver import DIALOG_NAME, close, js, open_from_menu, open_notetype

TITLE = "document.getElementById('notetype-title').textContent"


@pytest.fixture
def warm(addon):
    return addon.ADDON_RUNTIME.warm_page


def set_warm_start(mw, on):
    manager = mw.addonManager
    manager.writeConfig(ADDON_FOLDER, {**manager.getConfig(ADDON_FOLDER), "warm_start": on})
    manager._configUpdatedActions[ADDON_FOLDER](manager.getConfig(ADDON_FOLDER))


def canvas_components(dialog):
    return js(dialog, "atd.app.editor.canvas.describe().length")


def test_the_designer_opens_on_the_warm_page_and_works(mw, warm):
    wait_until(lambda: warm.ready, 20, "a warm page")
    waiting, waiting_preview = warm._view, warm._preview
    dialog = open_from_menu(mw)
    try:
        assert dialog.warm_started and dialog.web is waiting
        assert dialog.preview is waiting_preview
        assert waiting.parent() is not None  # now the dialog's
        assert dialog.watchdog._armed  # a hang is noticed though the load came before it
        wait_until(lambda: (js(dialog, TITLE) or "").strip(), 15, "a note type shown")
        open_notetype(dialog, "Basic")
        wait_until(lambda: canvas_components(dialog) > 0, 15, "the canvas built")
        # Typing in code view reaches the preview through the bridge.
        js(dialog, "document.querySelector('[data-mode=code]').click(); 0")
        js(
            dialog,
            "(() => { const c = document.getElementById('code'); c.value = 'WARM {{Front}}';"
            " c.dispatchEvent(new Event('input')); })(); 0",
        )
        wait_until(
            lambda: "WARM" in (eval_js(dialog.preview, "document.body.innerText") or ""),
            15,
            "the edit previewed",
        )
        assert warm._view is None and warm._preview is None  # taken: nobody else adopts them
    finally:
        dialog.dirty = False
        close(dialog)
    # After the close, a new page is warmed for the next open; never the old one again.
    wait_until(lambda: warm.ready, 20, "the next warm page")
    assert warm._view is not waiting


def test_a_warm_page_has_no_bridge_until_a_dialog_adopts_it(mw, warm):
    wait_until(lambda: warm.ready, 20, "a warm page")
    view = warm._view
    wait_until(lambda: eval_js(view, "typeof window.atd") == "object", 20, "the page parsed")
    assert view._dispatcher is None
    eval_js(
        view,
        "window.__probe = 'none'; atd.bridge.call('notetypes.list')"
        ".then(() => { window.__probe = 'answered'; }, () => { window.__probe = 'refused'; }); 0",
    )
    pump(1.0)
    assert eval_js(view, "window.__probe") == "none"  # Anki's default handler drops it
    # The canvas was started while it waited (what makes the open quicker).
    wait_until(lambda: eval_js(view, "!!atd.app.editor.canvas.editor"), 20, "GrapesJS started")


def test_warm_start_off_loads_no_page_and_the_designer_still_opens(mw, warm):
    try:
        set_warm_start(mw, False)
        assert not warm.ready
        dialog = open_from_menu(mw)
        try:
            assert not dialog.warm_started
            wait_until(lambda: canvas_components(dialog) > 0, 15, "the canvas built")
        finally:
            dialog.dirty = False
            close(dialog)
        pump(1.0)
        assert not warm.ready  # closing did not warm one either
    finally:
        set_warm_start(mw, True)
    wait_until(lambda: warm.ready, 20, "warming again once turned back on")
    assert open_dialog(DIALOG_NAME) is None


def test_a_warm_page_whose_process_ends_while_waiting_is_replaced(mw, warm):
    import os
    import signal

    wait_until(lambda: warm.ready, 20, "a warm page")
    view = warm._view
    wait_until(lambda: view.page().renderProcessPid() > 0, 20, "its render process")
    os.kill(view.page().renderProcessPid(), signal.SIGKILL)
    wait_until(lambda: warm._view is not view and warm.ready, 20, "another warm page")
    dialog = open_from_menu(mw)
    try:
        assert dialog.warm_started and dialog.web is not view
        wait_until(lambda: canvas_components(dialog) > 0, 15, "the canvas built")
    finally:
        close(dialog)
