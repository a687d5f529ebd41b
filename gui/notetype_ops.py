"""Collection operations the designer runs, in the style of `aqt/operations/notetype.py`:
each returns a `CollectionOp` the caller gives callbacks to and runs."""

from __future__ import annotations

from collections.abc import Callable

from anki.collection import Collection, OpChanges
from aqt.operations import CollectionOp
from aqt.qt import QWidget


def save_notetype(*, parent: QWidget, work: Callable[[], OpChanges]) -> CollectionOp[OpChanges]:
    """Check and write a note type in the background (`SaveFlow.check_then_save`); undoable,
    and the main window refreshes what the change affects."""

    def run(_col: Collection) -> OpChanges:
        return work()

    return CollectionOp(parent, run)
