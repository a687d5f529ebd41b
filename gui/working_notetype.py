"""Which note type Tools → Template Designer… opens: the one the user is working with.

In order: the reviewer's current card; the note of the editor window the user was last in
(browser, edit current, add); the note type last opened in the designer (remembered in
Anki's profile, so per profile and never synced); else none, and the designer shows its
list. Anki's windows differ between versions (legacy and new editors), so every attribute
is read defensively: a window that does not say what it shows is skipped.
"""

from __future__ import annotations

import logging
from typing import Any

import aqt

from .compat import open_dialog

log = logging.getLogger(__name__)

PROFILE_KEY = "atdLastNotetype"
EDITOR_WINDOWS = ("Browser", "EditCurrent", "NewEditCurrent", "AddCards", "NewAddCards")


def remember_designed(notetype_id: int) -> None:
    """Note that the designer opened `notetype_id` (Anki saves the profile on close)."""
    mw = aqt.mw
    profile = getattr(getattr(mw, "pm", None), "profile", None)
    if isinstance(profile, dict):
        profile[PROFILE_KEY] = int(notetype_id)


def last_designed(mw: Any) -> int | None:
    profile = getattr(mw.pm, "profile", None)
    value = profile.get(PROFILE_KEY) if isinstance(profile, dict) else None
    if isinstance(value, int) and mw.col is not None and mw.col.models.get(value) is not None:
        return value
    return None


def _shown_by(window: Any) -> tuple[int, int | None] | None:
    """(note type id, note id or None) of what an Anki window shows, if it says."""
    editor = getattr(window, "editor", None)
    for holder in (window, editor):  # the browser's selected card, a new editor's card
        card = getattr(holder, "card", None)
        if card is not None:
            return int(card.note_type()["id"]), int(card.nid) or None
    note = getattr(editor, "note", None)  # a legacy editor's note (id 0 while adding)
    if note is not None:
        notetype = note.note_type()
        if notetype is not None:
            return int(notetype["id"]), int(note.id) or None
    return None


def _editor_windows() -> list[Any]:
    """Open editor windows, the one the user was last in first."""
    windows = [open_dialog(name) for name in EDITOR_WINDOWS]
    open_windows = [w for w in windows if w is not None and w.isVisible()]
    last = getattr(aqt.dialogs, "_activeWindow", None)
    return sorted(open_windows, key=lambda w: w is not last)


def working_notetype(mw: Any) -> tuple[int | None, int | None]:
    """(note type id, note id) to open the designer on; (None, None) for its list."""
    try:
        card = mw.reviewer.card if mw.state == "review" else None
        if card is not None:
            return int(card.note_type()["id"]), int(card.nid)
        for window in _editor_windows():
            shown = _shown_by(window)
            if shown is not None:
                return shown
    except Exception:  # an Anki window we do not know: fall back to the remembered one
        log.exception("could not tell which note type the user is working with")
    return last_designed(mw), None
