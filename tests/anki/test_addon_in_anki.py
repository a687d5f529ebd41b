"""The add-on inside a real Anki: menu, dialog, page, theme, geometry, config."""

from aqt.theme import Theme, theme_manager

from anki_harness import eval_js, grab_designer_in_main_window, pump, wait_until
from anki_template_designer.gui.compat import open_dialog

DIALOG_NAME = "AnkiTemplateDesigner"


def menu_action(mw):
    matches = [a for a in mw.form.menuTools.actions() if a.objectName() == "atdOpenDesigner"]
    assert len(matches) == 1, "exactly one Tools menu entry"
    return matches[0]


def open_from_menu(mw):
    menu_action(mw).trigger()
    dialog = wait_until(lambda: open_dialog(DIALOG_NAME), 20, "the dialog")
    wait_until(lambda: dialog.ready, 30, "the page to report ready through the bridge")
    wait_until(lambda: eval_js(dialog.web, "document.body.dataset.state") == "ready", 20)
    return dialog


def close(dialog):
    dialog.reject()
    pump(0.2)


def test_the_addon_loaded_under_its_folder_name_with_services(mw, addon):
    assert addon.ADDON_RUNTIME.addon_folder == "atd_under_test"
    assert addon.ADDON_RUNTIME.registry is not None
    assert mw.addonManager.getWebExports("atd_under_test") == r"web/dist/.*"


def test_the_tools_menu_has_the_action(mw):
    action = menu_action(mw)
    assert action.text() == "Template Designer…"
    assert action.shortcut().toString() == "Ctrl+Shift+T"


def test_the_menu_opens_the_designer_and_the_page_lists_note_types(mw, artifacts):
    dialog = open_from_menu(mw)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Template Designer"
    listed = eval_js(dialog.web, "document.querySelectorAll('#notetype-list [data-id]').length")
    assert listed == len(mw.col.models.all_names_and_ids())
    status = eval_js(dialog.web, "document.getElementById('status').textContent")
    assert status == "Anki Template Designer 0.1.0 · connected to Anki"
    mw.resize(1440, 900)
    dialog.resize(1200, 760)
    pump(0.5)
    grab_designer_in_main_window(mw, dialog, artifacts / "designer-light.png")
    close(dialog)


def test_opening_again_reuses_the_window_and_selects_the_asked_note_type(mw, addon):
    first = open_from_menu(mw)
    cloze_id = mw.col.models.by_name("Cloze")["id"]
    again = addon.ADDON_RUNTIME.open_designer(notetype_id=cloze_id)
    assert again is first
    title = "document.getElementById('notetype-title').textContent"
    wait_until(lambda: eval_js(first.web, title) == "Cloze")
    close(first)


def test_the_page_follows_anki_night_mode(mw, artifacts):
    dialog = open_from_menu(mw)
    mw.set_theme(Theme.DARK)
    try:
        wait_until(
            lambda: eval_js(dialog.web, "document.documentElement.classList.contains('night')")
        )
        pump(0.3)
        grab_designer_in_main_window(mw, dialog, artifacts / "designer-night.png")
        close(dialog)
        reopened = open_from_menu(mw)  # a window opened in night mode starts dark
        assert eval_js(reopened.web, "document.documentElement.classList.contains('night')")
        close(reopened)
    finally:
        mw.set_theme(Theme.LIGHT)
    assert not theme_manager.night_mode


def test_the_window_remembers_its_size(mw):
    dialog = open_from_menu(mw)
    dialog.resize(777, 555)
    pump(0.1)
    close(dialog)
    reopened = open_from_menu(mw)
    assert (reopened.width(), reopened.height()) == (777, 555)
    close(reopened)


def test_closing_releases_the_window_and_its_web_view(mw):
    dialog = open_from_menu(mw)
    page = dialog.web.page()
    close(dialog)
    assert open_dialog(DIALOG_NAME) is None
    from aqt.qt import sip

    pump(0.3)
    assert sip.isdeleted(dialog)
    assert sip.isdeleted(page)


def test_editing_the_config_in_anki_applies_and_bad_values_fall_back(mw, addon, addon_log):
    manager = mw.addonManager
    config = manager.getConfig("atd_under_test")
    manager.writeConfig("atd_under_test", {**config, "menu_shortcut": "Ctrl+Alt+D"})
    manager._configUpdatedActions["atd_under_test"](manager.getConfig("atd_under_test"))
    assert menu_action(mw).shortcut().toString() == "Ctrl+Alt+D"
    manager.writeConfig("atd_under_test", {**config, "log_file_backups": -4})
    manager._configUpdatedActions["atd_under_test"](manager.getConfig("atd_under_test"))
    assert menu_action(mw).shortcut().toString() == "Ctrl+Shift+T"
    assert "/log_file_backups: -4 is less than the minimum of 0" in addon_log.read_text()
    manager.writeConfig("atd_under_test", config)
    manager._configUpdatedActions["atd_under_test"](config)


def test_a_bad_bridge_message_from_the_page_never_reaches_anki_as_an_exception(mw, addon_log):
    dialog = open_from_menu(mw)
    eval_js(dialog.web, "pycmd('atd:{broken', r => { window.brokenReply = r; }); 0")
    reply = wait_until(lambda: eval_js(dialog.web, "window.brokenReply || null"))
    assert reply["error"]["code"] == "bad_json"
    eval_js(dialog.web, "pycmd('not-ours'); 0")
    pump(0.3)
    assert dialog.isVisible()
    assert "ignored a bridge message that is not ours" in addon_log.read_text()
    close(dialog)
