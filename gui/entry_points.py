"""The other ways in: a button in Anki's Card Types screen and in Manage Note Types, and
an item in the browser sidebar's note type context menu. Each opens the designer on that
note type. (Tools → Template Designer… is set up in lifecycle.py.)

Manage Note Types is a modal window and Card Types an application-modal one: while either
is open, the designer (a child of the main window) would take no input. So each way in
from them closes them first (Card Types through its own "discard changes?" question, and
Manage Note Types, which keeps no unsaved state, with its Close) and opens the designer
only once nothing modal is left in front of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aqt import gui_hooks
from aqt.qt import QPushButton, QWidget
from PyQt6 import sip

from .hook_guard import guarded

Open = Callable[[int, int | None], object]
BUTTON_TEXT = "Template Designer…"


def close_note_type_manager(widget: QWidget | None) -> None:
    """Close every Manage Note Types window `widget` is in or was opened from."""
    from aqt.models import Models

    while widget is not None:
        parent = widget.parentWidget()
        if isinstance(widget, Models) and not sip.isdeleted(widget) and widget.isVisible():
            widget.reject()
        widget = parent


def install_entry_points(open_designer: Open) -> None:
    @guarded("adding the designer button to the Card Types screen")
    def on_card_layout(clayout: Any) -> None:
        button = QPushButton(BUTTON_TEXT)
        button.setObjectName("atdOpenFromCardLayout")
        button.setAutoDefault(False)
        button.setToolTip("Design these card types visually, with a live preview")
        # From the editor the Card Types screen shows the note being edited: preview it.
        note_id = int(clayout.note.id) or None
        notetype_id = int(clayout.model["id"])

        @guarded("opening the designer from the Card Types screen")
        def switch() -> None:
            # Card Types saves its own copy of the note type on accept: close it through
            # its "discard changes?" question, and open the designer only if it closed.
            opened_from = clayout.parentWidget()
            clayout.reject()
            if not sip.isdeleted(clayout) and clayout.isVisible():
                return
            close_note_type_manager(opened_from)
            open_designer(notetype_id, note_id)

        button.clicked.connect(lambda _checked=False: switch())
        clayout.buttons.insertWidget(1, button)

    def on_models_buttons(
        buttons: list[tuple[str, Callable[[], None]]], models: Any
    ) -> list[tuple[str, Callable[[], None]]]:
        # A filter must hand the buttons on even if something goes wrong here.
        @guarded("opening the designer from Manage Note Types")
        def open_current(_checked: bool = False) -> None:  # Qt passes `checked`
            notetype_id = int(models.current_notetype()["id"])
            close_note_type_manager(models)
            open_designer(notetype_id, None)

        return [*buttons, (BUTTON_TEXT, open_current)]

    @guarded("adding the designer to the browser sidebar menu")
    def on_sidebar_menu(sidebar: Any, menu: Any, item: Any, index: Any) -> None:
        from aqt.browser.sidebar.item import SidebarItemType

        if item.item_type != SidebarItemType.NOTETYPE:
            return
        action = menu.addAction(BUTTON_TEXT)
        action.setObjectName("atdOpenFromSidebar")
        action.triggered.connect(lambda: open_designer(int(item.id), None))

    gui_hooks.card_layout_will_show.append(on_card_layout)
    gui_hooks.models_did_init_buttons.append(on_models_buttons)
    gui_hooks.browser_sidebar_will_show_context_menu.append(on_sidebar_menu)
