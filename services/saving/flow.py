"""Saving a draft from the designer, start to finish, without Qt.

`SaveFlow` holds the order of things: the cheap checks answered at once (a change that
forces a full sync needs confirmation; a note type changed elsewhere is a conflict), the
full check and the write (run in the background inside Anki's collection operation by
gui/notetype_ops.py), and what follows a successful write (the new fingerprint, dropping
the autosaved draft unless newer edits are in it, telling plugins). Each expected
failure is an error that carries its bridge code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from anki.collection import OpChanges

from ...sdk.protocol import ErrorCode
from .checks import DraftChecks
from .drafts import DraftStore
from .saver import ConflictError, NoteTypeSaver, SaveRefusedError, designed_parts

log = logging.getLogger(__name__)

#: Told the saved note type's id and the note type as written (plugins' `atd_notetype_saved`).
SavedListener = Callable[[int, dict[str, Any]], None]


class NeedsConfirmation(Exception):
    """The save needs the user's yes first (it forces a one-way full sync)."""

    bridge_code = ErrorCode.NEEDS_CONFIRMATION

    def __init__(self, message: str, details: object) -> None:
        super().__init__(message)
        self.details = details

    def bridge_details(self) -> object:
        return self.details


class SaveFlow:
    def __init__(
        self,
        saver: NoteTypeSaver,
        drafts: DraftStore,
        checks: DraftChecks,
        on_saved: SavedListener | None = None,
        before_save: SavedListener | None = None,
    ) -> None:
        self._saver = saver
        self._drafts = drafts
        self._checks = checks
        self._on_saved = on_saved
        #: Hears (id, what the collection holds now) once the checks pass, before the write.
        self._before_save = before_save

    def precheck(
        self, draft: dict[str, Any], fingerprint: str, *, force: bool, confirmed_full_sync: bool
    ) -> None:
        """Cheap checks, answered before any background work starts."""
        changes = self._saver.schema_changes(draft)
        if changes.requires_full_sync and not confirmed_full_sync:
            raise NeedsConfirmation(
                f"This save {changes.describe()}; the next sync will need a one-way "
                "full upload (other devices' unsynced changes would be lost).",
                changes.to_json(),
            )
        if not force and self._saver.changed_since(draft["id"], fingerprint):
            raise ConflictError(
                f"{draft['name']!r} was changed outside the designer (Card Types screen, "
                "another window or a sync) since you opened it."
            )

    def check_then_save(self, draft: dict[str, Any], fingerprint: str, force: bool) -> OpChanges:
        """The background part: every check (rendering all card types), then the write."""
        errors = self._checks.errors(draft)
        if errors:
            first = errors[0]["message"]
            raise SaveRefusedError(f"fix {len(errors)} error(s) before saving: {first}", errors)
        if self._before_save is not None:
            current = self._saver.current(int(draft["id"]))
            if current is not None:
                self._before_save(int(draft["id"]), current)
        return self._saver.save(draft, fingerprint, force=force)

    def after_save(self, draft: dict[str, Any]) -> dict[str, str]:
        """After the write: the new fingerprint; the autosaved draft goes unless it holds
        newer edits; plugins hear about the note type as the collection now holds it (their
        failures are theirs)."""
        notetype_id = int(draft["id"])
        saved = self._saver.load(notetype_id)
        autosaved = self._drafts.load(notetype_id)
        if autosaved and designed_parts(autosaved.notetype) == designed_parts(draft):
            self._drafts.discard(notetype_id)
        log.info("saved note type %s", notetype_id)
        if self._on_saved is not None:  # as written: the page's draft rounds 64-bit ids
            self._on_saved(notetype_id, saved.notetype)
        return {"fingerprint": saved.fingerprint}
