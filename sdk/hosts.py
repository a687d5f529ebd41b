"""The host roles: what the window around the designer does for features, as protocols.

The Qt side (gui/hosts.py) registers one adapter per role in the registry while a
designer window is open, so bridge handlers ask the registry (``registry.get(LinkOpener)``)
instead of holding a dialog. Tests register plain implementations of the same protocols.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class FileDialogs(Protocol):
    """Files are always chosen by the user, never named by the page."""

    def choose_open(self, title: str, filter_label: str, extension: str, key: str) -> str | None:
        """A file the user picked (``*.<extension>``), or None if they cancelled."""
        ...

    def choose_save(
        self, title: str, filter_label: str, extension: str, key: str, suggested: str
    ) -> str | None:
        """Where the user wants the file written, or None if they cancelled."""
        ...


class LinkOpener(Protocol):
    def open(self, url: str) -> None:
        """Open `url` in the system browser."""
        ...


class CollectionOps(Protocol):
    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        """Run `work` (returning OpChanges) as an undoable collection operation in the
        background; exactly one callback runs afterwards, on the main thread."""
        ...


class PreviewDisplay(Protocol):
    def show(self, card: Any, device: str) -> int:
        """Show a `RenderedCard` in the preview view; returns the display's sequence number."""
        ...


class DesignerWindow(Protocol):
    """The open designer window's own state."""

    def session_info(self) -> dict[str, Any]:
        """What only the window knows: night mode and the note type/note it opened on."""
        ...

    def mark_ready(self) -> None: ...

    def set_dirty(self, notetype_id: int | None, dirty: bool) -> None: ...
