"""The other ways in: a button in Anki's Card Types screen and in Manage Note Types, and
an item in the browser sidebar's note type context menu. Each opens the designer on that
note type. (Tools → Template Designer… is set up in lifecycle.py.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aqt import gui_hooks
from aqt.qt import QPushButton
from PyQt6 import sip

from .hook_guard import guarded

Open = Callable[[int, int | None], object]
BUTTON_TEXT = "Template Designer…"


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
            # Card Types is modal (the designer would get no input) and saves its own
            # copy of the note type on accept: close it first, through its own
            # "discard changes?" question, and open the designer only if it closed.
            clayout.reject()
            if not sip.isdeleted(clayout) and clayout.isVisible():
                return
            open_designer(notetype_id, note_id)

        button.clicked.connect(lambda _checked=False: switch())
        clayout.buttons.insertWidget(1, button)

    def on_models_buttons(
        buttons: list[tuple[str, Callable[[], None]]], models: Any
    ) -> list[tuple[str, Callable[[], None]]]:
        # A filter must hand the buttons on even if something goes wrong here.
        @guarded("opening the designer from Manage Note Types")
        def open_current() -> None:
            open_designer(int(models.current_notetype()["id"]), None)

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
