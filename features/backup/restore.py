"""A restore as ONE step in Anki's undo queue: a `before-restore` snapshot of what the
collection holds, then each note type of the snapshot updated by id (or added when the
collection no longer has it), merged into a single "Restore note types" undo entry.

Runs inside the `CollectionOps` host role's background operation, so the main window
refreshes what changed and Edit → Undo puts everything back at once.
"""

from __future__ import annotations

from typing import Any

from ...services.backup.repository import beside
from ...services.notetype_files.collection_io import Imported, import_notetype
from .service import BackupService

UNDO_LABEL = "Restore note types from backup"


def restore(
    service: BackupService,
    col: Any,
    snapshot_id: str,
    notetype_id: int | None,
    card_type: str | None = None,
    keep_both: bool = False,
) -> tuple[Any, list[Imported], str]:
    """Returns the op's changes, what happened to each note type and the id of the
    before-restore snapshot. Every object is read and checked before anything changes.
    With `card_type`, only that card type of the note type comes back; with `keep_both`,
    a note type changed since stays and the snapshot's is added beside it."""
    notetypes = service.chosen_notetypes(snapshot_id, notetype_id, card_type)
    if keep_both and card_type is None:
        notetypes = [beside(col, notetype, snapshot_id) for notetype in notetypes]
    before = service.snapshot("before-restore")
    assert before is not None  # never skipped without skip_unchanged
    undo_start = col.add_custom_undo_entry(UNDO_LABEL)
    results = [import_notetype(col, notetype) for notetype in notetypes]
    changes = col.merge_undo_entries(undo_start)
    service.record_restore(snapshot_id, notetype_id, card_type)
    return changes, results, before.id
