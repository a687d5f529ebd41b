"""Esc in a real Anki: Anki closes a window on every Esc pressed in its web page; in the
designer, an Esc that the page uses (closing Presets, the Plugins panel, a question, the
Help menu, skipping the tour) closes only that, and the next Esc closes the designer."""

from aqt.qt import Qt

from anki_harness import pump, wait_until
from canvas_driver import key
from designer_driver import click, js, open_from_menu


def escape(dialog, focus):
    js(dialog, f"document.querySelector({focus!r})?.focus(); 0")
    key(dialog, Qt.Key.Key_Escape)
    pump(0.4)
    assert not dialog._closed, f"Esc (focus on {focus}) closed the designer"


def test_an_escape_the_page_uses_leaves_the_designer_open(mw):
    dialog = open_from_menu(mw)
    try:
        if js(dialog, "!!document.getElementById('tour')"):
            escape(dialog, "#tour button")
            assert not js(dialog, "!!document.getElementById('tour')"), "Esc skips the tour"
        click(dialog, "#presets-open")
        wait_until(lambda: js(dialog, "document.getElementById('presets-dialog').open"), 5)
        escape(dialog, "#presets-search")
        assert not js(dialog, "document.getElementById('presets-dialog').open")
        click(dialog, "#plugins-open")
        wait_until(lambda: js(dialog, "document.getElementById('plugins-dialog')?.open"), 5)
        escape(dialog, "#plugins-install-file")
        assert not js(dialog, "document.getElementById('plugins-dialog').open")
        click(dialog, "#help")
        escape(dialog, "#help-guide")
        assert js(dialog, "document.getElementById('help-menu').hidden")
        click(dialog, "[data-cardop=rename]")  # a question in a modal: the new name
        wait_until(lambda: js(dialog, "!!document.querySelector('dialog.modal[open]')"), 5)
        escape(dialog, "dialog.modal[open] input")
        assert not js(dialog, "!!document.querySelector('dialog.modal[open]')")
        # Nothing open: Esc closes the designer, as in every Anki window
        pump(1.1)
        key(dialog, Qt.Key.Key_Escape)
        wait_until(lambda: dialog._closed, 5, "Esc to close the designer")
    finally:
        if not dialog._closed:
            dialog.dirty = False
            dialog.reject()
            pump(0.2)
