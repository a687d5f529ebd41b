"""What can go wrong with presets, as exceptions that carry a message a user can act on.

Each names the preset or file involved and the reason, and carries the bridge code the
page gets (sdk/errors.py; `PresetNotFound` is a LookupError, so it is `not_found`).
"""

from __future__ import annotations

from pathlib import Path

from ...sdk.protocol import ErrorCode
from ..validation import Problem, ValidationFailed


class PresetError(ValueError):
    """Base of the expected preset failures (shown to the user as they are)."""

    bridge_code = ErrorCode.INVALID_PARAMS


class PresetNotFound(LookupError):
    """No preset with that id (or it was deleted in another window)."""


class PresetConflict(PresetError):
    """The preset changed since it was read (another window saved it first)."""

    bridge_code = ErrorCode.CONFLICT


class DuplicateName(PresetError):
    """Another preset already has that name."""

    def bridge_details(self) -> list[dict[str, str]]:
        return [{"path": "/name", "message": str(self)}]


class ReadOnlyPreset(PresetError):
    """Built-in presets cannot be changed; duplicate one instead."""


class InvalidPreset(ValidationFailed, PresetError):
    """A preset failed its schema or its own rules; every problem has a path."""


class UnsupportedSchema(PresetError):
    """Written in a schema version this add-on does not know (usually a newer add-on)."""


class PresetFileError(PresetError):
    """A preset file (stored, imported or exported) could not be used; names the path."""

    def __init__(self, path: Path | str, reason: str, problems: list[Problem] | None = None):
        self.path = str(path)
        self.reason = reason
        self.problems = problems or []
        super().__init__(f"{self.path}: {reason}")

    def bridge_details(self) -> list[dict[str, str]]:
        found = [{"path": self.path + p.path, "message": p.message} for p in self.problems]
        return found or [{"path": self.path, "message": self.reason}]


class StoreBusy(PresetError):
    """Another window held the presets folder for too long."""

    bridge_code = ErrorCode.TIMEOUT
