"""Every way into the designer, clicked as a user clicks it in a real Anki: the designer
opens on the right note type and takes input (nothing modal left in front of it, and the
page's bridge answers)."""

import aqt
import pytest
from aqt.qt import QAction, QApplication, QGuiApplication, QPushButton, QTimer, sip

from anki_harness import pump, wait_until
from anki_template_designer.gui.compat import open_dialog
from designer_driver import close, js, menu_action, open_notetype, wait_ready

DIALOG_NAME = "AnkiTemplateDesigner"
TITLE = "document.getElementById('notetype-title').textContent"


def notetype_id(mw, name):
    return mw.col.models.by_name(name)["id"]


def opened_designer():
    dialog = wait_until(lambda: open_dialog(DIALOG_NAME), 20, "the designer")
    return wait_ready(dialog)


def assert_usable(dialog, name, note_id=None):
    """The designer shows `name` (previewing `note_id`) and can be used."""
    wait_until(lambda: (js(dialog, TITLE) or "").rstrip(" •") == name, 15, f"{name} shown")
    if note_id is not None:
        shown = "document.getElementById('pv-note').dataset.noteId"
        wait_until(lambda: js(dialog, shown) == str(note_id), 15, "the note previewed")
    pump(0.3)
    assert QApplication.activeModalWidget() is None, QApplication.activeModalWidget()
    assert QGuiApplication.modalWindow() is None
    assert QApplication.activeWindow() is dialog
    # A bridge call from the page is answered (the page is alive and not blocked).
    js(
        dialog,
        "window.__probe = null; atd.bridge.call('notetypes.list')"
        ".then(l => { window.__probe = l.length; }); 0",
    )
    listed = wait_until(lambda: js(dialog, "window.__probe"), 10, "a bridge reply")
    assert listed == len(aqt.mw.col.models.all_names_and_ids())


@pytest.fixture
def no_designer():
    """Each test starts and ends with the designer closed."""
    assert open_dialog(DIALOG_NAME) is None
    yield
    dialog = open_dialog(DIALOG_NAME)
    if dialog is not None:
        close(dialog)


def manage_note_types(mw, select: str):
    from aqt.models import Models

    models = Models(mw, parent=mw, fromMain=True)
    wait_until(lambda: models.form.modelsList.count() > 0, 10, "the note type list")
    rows = [models.form.modelsList.item(i).text() for i in range(models.form.modelsList.count())]
    row = next(i for i, text in enumerate(rows) if text.startswith(select + " ["))
    models.form.modelsList.setCurrentRow(row)
    assert models.isModal() and QApplication.activeModalWidget() is models
    return models


def button(dialog, text):
    return next(b for b in dialog.form.buttonBox.buttons() if b.text() == text)


def test_manage_note_types_button_opens_the_selected_note_type(mw, no_designer):
    models = manage_note_types(mw, "Cloze")
    button(models, "Template Designer…").click()  # Qt passes `checked` to the slot
    dialog = opened_designer()
    assert sip.isdeleted(models) or not models.isVisible()  # the modal window is closed
    assert_usable(dialog, "Cloze")


def test_card_types_from_manage_note_types_hands_over_the_modal_chain(mw, no_designer):
    from aqt.clayout import CardLayout

    models = manage_note_types(mw, "Basic (and reversed card)")
    button(models, "Cards").click()
    clayout = wait_until(lambda: isinstance(QApplication.activeModalWidget(), CardLayout))
    clayout = QApplication.activeModalWidget()
    clayout.findChild(QPushButton, "atdOpenFromCardLayout").click()
    dialog = opened_designer()
    assert sip.isdeleted(clayout) or not clayout.isVisible()
    assert sip.isdeleted(models) or not models.isVisible()
    assert_usable(dialog, "Basic (and reversed card)")


def test_card_types_from_a_note_opens_on_that_note(mw, no_designer):
    from aqt.clayout import CardLayout

    basic = mw.col.models.by_name("Basic")
    note = mw.col.get_note(mw.col.find_notes(f"mid:{basic['id']}")[0])
    clayout = CardLayout(mw, note, ord=0, parent=mw)
    clayout.findChild(QPushButton, "atdOpenFromCardLayout").click()
    dialog = opened_designer()
    assert sip.isdeleted(clayout) or not clayout.isVisible()  # modal Card Types closed first
    assert_usable(dialog, "Basic", note.id)


def test_the_browser_sidebar_menu_opens_the_note_type(mw, no_designer):
    from aqt.browser.sidebar.item import SidebarItemType

    browser = aqt.dialogs.open("Browser", mw)
    sidebar = browser.sidebar
    item = wait_until(
        lambda: (
            sidebar.model()
            and sidebar.find_item(
                lambda i: i.item_type == SidebarItemType.NOTETYPE and i.name == "Vocabulary (demo)"
            )
        ),
        10,
        "the note type in the sidebar",
    )

    def choose_ours():
        menu = QApplication.activePopupWidget()
        assert menu is not None, "the context menu is open"
        action = menu.findChild(QAction, "atdOpenFromSidebar")
        menu.close()
        action.trigger()

    QTimer.singleShot(300, choose_ours)
    sidebar.show_context_menu(item, sidebar.model().index_for_item(item))  # a right-click
    dialog = opened_designer()
    try:
        assert_usable(dialog, "Vocabulary (demo)")
    finally:
        close(dialog)
        browser.close()
        pump(0.5)


def test_tools_menu_opens_the_reviewers_card(mw, no_designer):
    col = mw.col
    deck_id = col.decks.id("ATD entry points")
    typed = col.models.by_name("Basic (type in the answer)")
    note = col.new_note(typed)
    note["Front"], note["Back"] = "2 + 2", "4"
    col.add_note(note, deck_id)
    try:
        col.decks.select(deck_id)
        mw.moveToState("review")
        wait_until(lambda: mw.reviewer.card is not None, 10, "the reviewer's card")
        assert mw.reviewer.card.nid == note.id
        menu_action(mw).trigger()
        assert_usable(opened_designer(), "Basic (type in the answer)", note.id)
    finally:
        mw.moveToState("deckBrowser")
        pump(0.3)
        col.remove_notes([note.id])
        col.decks.remove([deck_id])


def test_tools_menu_opens_the_browsers_card(mw, no_designer):
    browser = aqt.dialogs.open("Browser", mw)
    browser.search_for("note:Cloze")
    wait_until(lambda: browser.card is not None, 10, "a selected card")
    expected = browser.card
    menu_action(mw).trigger()
    try:
        assert_usable(opened_designer(), "Cloze", expected.nid)
    finally:
        close(open_dialog(DIALOG_NAME))
        browser.close()
        pump(0.5)


def test_tools_menu_reopens_the_last_designed_note_type(mw, addon, no_designer):
    assert mw.state != "review" and open_dialog("Browser") is None
    dialog = wait_ready(addon.ADDON_RUNTIME.open_designer(notetype_id=None))
    open_notetype(dialog, "Basic (and reversed card)")
    open_notetype(dialog, "Vocabulary (demo)")  # the one designed last
    close(dialog)
    assert mw.pm.profile["atdLastNotetype"] == notetype_id(mw, "Vocabulary (demo)")
    menu_action(mw).trigger()
    assert_usable(opened_designer(), "Vocabulary (demo)")
