"""What a sync reports when it stops: each error says what was found and that nothing was
changed (on either side) unless it says otherwise."""

from __future__ import annotations

from ...sdk.errors import DesignerError


class SyncError(DesignerError):
    """A sync stopped before changing anything; the message says why."""


class MassDeleteRefused(SyncError):
    """The sync would delete more than the allowed share of the note types (rclone's
    max-delete guard): nothing was changed."""


class RemoteEmpty(SyncError):
    """The remote holds no head (or no note types) although this machine synced with it
    before: it may have been wiped or replaced. Nothing was changed."""


class RemoteBusy(SyncError):
    """Other machines kept changing the remote head while this one tried to write it."""
