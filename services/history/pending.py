"""What the next save of a note type means to its history, when the History panel made it.

Switching branch, merging a branch back and keeping one's changes on an update each put a
version in the draft that the page then saves through the normal save (one undoable save,
checked like any other). The save's commit must then land where that action says (the
other branch, a merge commit with two parents, the new upstream version first), so the
action leaves a `PendingSave` that the matching save fulfils. A save with other content
(the user edited meanwhile, or an earlier save committed late) leaves it waiting; it
expires after `PENDING_TTL_S`, so a save that failed never bends a much later one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..notetype_files.layout import NOTETYPE_FILE

PENDING_TTL_S = 600.0


@dataclass(frozen=True)
class PendingSave:
    files: dict[str, bytes]  # the version the page was given to save
    ref: bytes  # the branch the save is committed on
    reason: str
    note: str = ""
    checkout: bytes | None = None  # the branch the note type is on afterwards
    extra_parent: bytes | None = None  # a merge: the other side's commit
    upstream: dict[str, bytes] | None = None  # committed on upstream first, as a parent
    made: float = field(default_factory=time.monotonic)


def same_design(a: dict[str, bytes], b: dict[str, bytes]) -> bool:
    """The templates and CSS are the same (Anki may touch notetype.json's options on save)."""
    keep = set(a) | set(b)
    keep.discard(NOTETYPE_FILE)
    return all(a.get(path) == b.get(path) for path in keep)


class PendingSaves:
    """At most one pending action per note type; thread-safe (saves commit off the main
    thread)."""

    def __init__(self) -> None:
        self._by_notetype: dict[int, PendingSave] = {}
        self._lock = threading.Lock()

    def put(self, notetype_id: int, pending: PendingSave) -> None:
        with self._lock:
            self._by_notetype[int(notetype_id)] = pending

    def take_if_saved(self, notetype_id: int, files: dict[str, bytes]) -> PendingSave | None:
        """The note type's pending action when `files` is the version it waits for."""
        with self._lock:
            pending = self._by_notetype.get(int(notetype_id))
            if pending is None:
                return None
            if time.monotonic() - pending.made > PENDING_TTL_S:
                del self._by_notetype[int(notetype_id)]
                return None
            if not same_design(pending.files, files):
                return None
            del self._by_notetype[int(notetype_id)]
            return pending
