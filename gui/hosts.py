"""The host roles (sdk/hosts.py) as small Qt adapters, registered while a designer is open.

Bridge handlers ask the registry for a role (`registry.get(FileDialogs)`), so no handler
holds the dialog. `install_host_roles` registers one adapter per role for a dialog and
returns the function that removes them again when it closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aqt.qt import QDialog, QWidget
from aqt.utils import getFile, getSaveFile, openLink

from ..sdk.hosts import CollectionOps, DesignerWindow, FileDialogs, LinkOpener, PreviewDisplay
from ..services.registry import Registry
from .notetype_ops import save_notetype
from .preview_view import PreviewView


class QtFileDialogs:
    def __init__(self, parent: QDialog) -> None:
        self._parent = parent

    def choose_open(self, title: str, filter_label: str, extension: str, key: str) -> str | None:
        path = getFile(self._parent, title, None, filter=f"{filter_label} (*.{extension})", key=key)
        return path if isinstance(path, str) and path else None

    def choose_save(
        self, title: str, filter_label: str, extension: str, key: str, suggested: str
    ) -> str | None:
        return (
            getSaveFile(self._parent, title, key, filter_label, f".{extension}", suggested) or None
        )


class QtLinkOpener:
    def open(self, url: str) -> None:
        openLink(url)


class QtCollectionOps:
    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        op = save_notetype(parent=self._parent, work=work)
        op.success(lambda _changes: on_success()).failure(on_failure)
        op.run_in_background(initiator=self._parent)


class PreviewPane:
    def __init__(self, view: PreviewView) -> None:
        self._view = view

    def show(self, card: Any, device: str) -> int:
        self._view.set_device(device)
        return self._view.show_card(card)


def install_host_roles(
    registry: Registry, dialog: QDialog, window: DesignerWindow, preview: PreviewView
) -> Callable[[], None]:
    roles: dict[Any, object] = {
        FileDialogs: QtFileDialogs(dialog),
        LinkOpener: QtLinkOpener(),
        CollectionOps: QtCollectionOps(dialog),
        PreviewDisplay: PreviewPane(preview),
        DesignerWindow: window,
    }
    for role, adapter in roles.items():
        registry.register_value(role, adapter)

    def uninstall() -> None:
        for role, adapter in roles.items():
            # A newer window may have replaced ours; leave its adapters alone.
            if registry.is_registered(role) and registry.get(role) is adapter:
                registry.unregister(role)

    return uninstall
