"""Plugs the add-on into Anki: web exports, Tools menu entry, dialog, profile hooks.

`AddonRuntime` is created once by `__init__.py` when Anki loads the add-on. It builds the
service registry when a profile opens (through the composition root) and closes the
designer and then the registry when the profile closes.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import aqt
from anki.collection import Collection
from aqt import gui_hooks
from aqt.main import AnkiQt
from aqt.qt import QAction, QKeySequence
from aqt.utils import showWarning, tooltip

from ..services.bootstrap import build_registry
from ..services.config import ConfigService
from ..services.paths import AddonPaths
from ..services.registry import Registry
from ..services.sync.connectivity import Connectivity
from .anki_config_store import AnkiConfigStore
from .compat import open_dialog
from .connectivity import QtConnectivity
from .designer_dialog import DIALOG_NAME, DesignerDialog
from .designer_view import WEB_EXPORTS
from .entry_points import install_entry_points
from .hook_guard import guarded
from .qt_task_runner import QtTaskRunner
from .warm_page import AFTER_CLOSE_DELAY_MS, PROFILE_OPEN_DELAY_MS, WarmDesignerPage
from .working_notetype import working_notetype

log = logging.getLogger(__name__)

MENU_TEXT = "Template Designer…"


def profile_key(collection_path: str) -> str:
    """Stable, filesystem-safe id of a profile's collection (profiles share user_files)."""
    return hashlib.sha256(os.path.abspath(collection_path).encode("utf-8")).hexdigest()[:16]


class AddonRuntime:
    def __init__(self, mw: AnkiQt, module: str) -> None:
        self.mw = mw
        self.module = module
        self.addon_folder = mw.addonManager.addonFromModule(module)
        self.paths = AddonPaths(Path(mw.addonManager.addonsFolder(self.addon_folder)))
        self.registry: Registry | None = None
        self.task_runner: QtTaskRunner | None = None
        self.action = QAction(MENU_TEXT, mw)
        self.action.setObjectName("atdOpenDesigner")
        self.warm_page = WarmDesignerPage(self.addon_folder)

    def install(self) -> None:
        self.mw.addonManager.setWebExports(self.module, WEB_EXPORTS)
        self.mw.addonManager.setConfigUpdatedAction(self.module, self._on_config_edited)
        aqt.dialogs.register_dialog(DIALOG_NAME, self._create_dialog)
        self.action.triggered.connect(lambda _checked=False: self.open_from_tools())
        self.mw.form.menuTools.addAction(self.action)
        gui_hooks.profile_did_open.append(self.on_profile_open)
        gui_hooks.profile_will_close.append(self.on_profile_close)
        install_entry_points(self.open_designer)
        if self.mw.col is not None:
            self.on_profile_open()

    # -- profile lifetime ---------------------------------------------------------
    @guarded("starting the designer's services")
    def on_profile_open(self) -> None:
        if self.registry is not None:
            return
        try:
            self.task_runner = QtTaskRunner(self.mw)
            self.registry = build_registry(
                paths=self.paths,
                config_store=AnkiConfigStore(self.mw.addonManager, self.module),
                collection=self._collection,
                logger_name=self.module,
                task_runner=self.task_runner,
                profile_key=profile_key(self._collection().path),
            )
        except Exception as error:
            log.exception("could not build the services")
            showWarning(f"Template Designer could not start: {error}", parent=self.mw)
            return
        self.registry.register_value(Connectivity, QtConnectivity())
        config = self.registry.get(ConfigService)
        self._apply_config(config)
        config.on_change(self._apply_config)
        log.info("services started for profile %s", self.mw.pm.name)

    @guarded("closing the designer's services", notify=False)
    def on_profile_close(self) -> None:
        dialog = open_dialog(DIALOG_NAME)
        if dialog is not None:
            dialog.closeWithCallback(lambda: None)
        self.warm_page.close()
        if self.registry is not None:
            registry, self.registry = self.registry, None
            log.info("services closing")
            registry.close()
        if self.task_runner is not None:
            self.task_runner.close()
            self.task_runner = None

    def _collection(self) -> Collection:
        col = self.mw.col
        if col is None:
            raise RuntimeError("no collection is open")
        return col

    # -- config -------------------------------------------------------------------
    @guarded("applying the edited config")
    def _on_config_edited(self, _new_config: object) -> None:
        if self.registry is not None:
            self.registry.get(ConfigService).reload()

    def _apply_config(self, config: ConfigService) -> None:
        self.action.setShortcut(QKeySequence(config.get("menu_shortcut")))
        self.warm_page.enabled = bool(config.get("warm_start"))
        if self.warm_page.enabled:
            self.warm_page.prepare_later(PROFILE_OPEN_DELAY_MS)
        else:
            self.warm_page.close()
        for problem in config.problems:
            tooltip(f"Template Designer config: {problem} (using the default)", period=8000)

    # -- the designer window ------------------------------------------------------
    def _create_dialog(
        self, parent: object = None, notetype_id: int | None = None, note_id: int | None = None
    ) -> DesignerDialog:
        assert self.registry is not None
        dialog = DesignerDialog(
            self.registry, self.addon_folder, self.mw, notetype_id, note_id, self.warm_page
        )
        dialog.finished.connect(lambda _result: self.warm_page.prepare_later(AFTER_CLOSE_DELAY_MS))
        return dialog

    @guarded("opening the designer")
    def open_from_tools(self) -> DesignerDialog | None:
        """Tools → Template Designer…: on the note type the user is working with."""
        notetype_id, note_id = working_notetype(self.mw)
        return self.open_designer(notetype_id, note_id)

    @guarded("opening the designer")
    def open_designer(
        self, notetype_id: int | None = None, note_id: int | None = None
    ) -> DesignerDialog | None:
        """Open (or bring forward) the designer; on a note type, previewing `note_id`."""
        if self.registry is None:
            tooltip("Open a profile first to use the Template Designer.")
            return None
        dialog: DesignerDialog = aqt.dialogs.open(
            DIALOG_NAME, self.mw, notetype_id=notetype_id, note_id=note_id or None
        )
        return dialog


def setup_addon(module: str) -> AddonRuntime | None:
    """Entry point called by `__init__.py` inside Anki."""
    mw = aqt.mw
    if mw is None:
        return None
    runtime = AddonRuntime(mw, module)
    runtime.install()
    return runtime
