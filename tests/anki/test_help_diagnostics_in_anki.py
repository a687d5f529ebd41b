"""Help → Diagnostics in a real Anki: the Help button's menu by keyboard focus, the report
of `diagnostics.report` (every service's health check and every plugin's state) and its
Copy button, pressed by keyboard, putting the text on Qt's clipboard. Screenshot:
test-artifacts/diagnostics-1366x768.png."""

from aqt.qt import QApplication, Qt

from anki_harness import pump, wait_until
from canvas_driver import key
from designer_driver import click, close, js, open_from_menu, skip_tour


def active_id(dialog):
    return js(dialog, "document.activeElement.id")


def wait_diagnostics(dialog):
    state = "document.getElementById('diagnostics-dialog')?.dataset.state"
    wait_until(lambda: js(dialog, state) == "ready", 15, "the diagnostics")


def test_the_help_menu_works_by_keyboard(mw):
    dialog = open_from_menu(mw)
    try:
        skip_tour(dialog)
        js(dialog, "document.getElementById('help').focus(); 0")
        key(dialog, Qt.Key.Key_Down)
        assert active_id(dialog) == "help-guide"
        assert js(dialog, "document.getElementById('help').getAttribute('aria-expanded')") == "true"
        key(dialog, Qt.Key.Key_Down)
        assert active_id(dialog) == "help-diagnostics"
        key(dialog, Qt.Key.Key_Down)
        assert active_id(dialog) == "help-guide", "the menu wraps around"
        key(dialog, Qt.Key.Key_End)
        assert active_id(dialog) == "help-diagnostics"
        key(dialog, Qt.Key.Key_Escape)
        assert js(dialog, "document.getElementById('help-menu').hidden")
        assert active_id(dialog) == "help", "Escape gives the focus back to the button"
        key(dialog, Qt.Key.Key_Up)  # ↑ opens on the last item
        assert active_id(dialog) == "help-diagnostics"
        key(dialog, Qt.Key.Key_Return)
        wait_diagnostics(dialog)
        key(dialog, Qt.Key.Key_Escape)
        assert not js(dialog, "!!document.getElementById('diagnostics-dialog')")
    finally:
        dialog.dirty = False
        close(dialog)


def test_help_diagnostics_shows_the_report_and_copies_it(mw, artifacts):
    dialog = open_from_menu(mw)
    try:
        dialog.resize(1366, 768)
        skip_tour(dialog)
        click(dialog, "#help")
        assert js(dialog, "document.getElementById('help').getAttribute('aria-expanded')") == "true"
        assert js(dialog, "document.activeElement.id") == "help-guide"
        click(dialog, "#help-diagnostics")
        wait_diagnostics(dialog)
        assert js(dialog, "document.getElementById('help-menu').hidden")
        summary = js(dialog, "document.getElementById('diagnostics-summary').textContent")
        assert summary.startswith("All ") and "services answer" in summary, summary
        text = js(dialog, "document.getElementById('diagnostics-text').value")
        assert text.startswith("Template Designer diagnostics\nAdd-on: ")
        assert "\n  ok      PluginManager\n" in text and "  enabled   plugin_admin" in text, text
        QApplication.clipboard().setText("before")
        # by keyboard (a user gesture, which the page's clipboard needs): Space on Copy
        js(dialog, "document.getElementById('diagnostics-copy').focus(); 0")
        key(dialog, Qt.Key.Key_Space)
        wait_until(lambda: QApplication.clipboard().text() == text, 10, "the copy")
        pump(0.4)
        dialog.grab().save(str(artifacts / "diagnostics-1366x768.png"))
        click(dialog, "#diagnostics-close")
        pump(0.2)
        assert not js(dialog, "!!document.getElementById('diagnostics-dialog')")
    finally:
        dialog.dirty = False
        close(dialog)
