"""The designer window: a thin dialog around the designer web view.

Registered with Anki's dialog manager, so there is only ever one, it is brought to front
when opened again, and it is closed before the collection is when the profile unloads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import aqt
from anki.utils import point_version
from aqt.qt import QDialog, QKeySequence, QShortcut, Qt, QVBoxLayout, QWidget
from aqt.theme import theme_manager
from aqt.utils import disable_help_button, restoreGeom, saveGeom

from ..sdk.protocol import PROTOCOL_VERSION
from ..services.about import AddonInfo
from ..services.config import ConfigService
from ..services.paths import AddonPaths
from ..services.registry import Registry
from .bridge import Dispatcher
from .bridge_methods import designer_methods
from .designer_view import DesignerWebView, designer_page_url
from .hook_guard import guarded

log = logging.getLogger(__name__)

DIALOG_NAME = "AnkiTemplateDesigner"
GEOMETRY_KEY = "atdDesigner"


class DesignerDialog(QDialog):
    def __init__(
        self,
        registry: Registry,
        addon_folder: str,
        parent: QWidget | None = None,
        notetype_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        self.addon_folder = addon_folder
        self.initial_notetype_id = notetype_id
        self.ready = False
        self._closed = False
        self.setWindowTitle("Template Designer")
        self.setObjectName("atdDesignerDialog")
        disable_help_button(self)
        self.setMinimumSize(640, 420)
        self.resize(1280, 800)
        restoreGeom(self, GEOMETRY_KEY)

        self.web = DesignerWebView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.web)

        self.dispatcher = Dispatcher(designer_methods(registry, self), self.web.push)
        self.web.attach(self.dispatcher, self)
        self.web.load_page(designer_page_url(addon_folder))
        self.web.start({"notetypeId": notetype_id, "night": theme_manager.night_mode})
        QShortcut(QKeySequence("Ctrl+W"), self, self.reject)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.show()

    # -- DesignerHost -------------------------------------------------------------
    def page_ready(self) -> dict[str, Any]:
        self.ready = True
        info = AddonInfo.read(self.registry.get(AddonPaths))
        config = self.registry.get(ConfigService)
        log.info("designer page ready (protocol %d)", PROTOCOL_VERSION)
        return {
            "addon": {"name": info.name, "version": info.version},
            "ankiVersion": point_version(),
            "protocol": PROTOCOL_VERSION,
            "night": theme_manager.night_mode,
            "notetypeId": self.initial_notetype_id,
            "configProblems": [str(p) for p in config.problems],
        }

    # -- dialog manager contract ----------------------------------------------
    def reopen(self, parent: QWidget | None = None, notetype_id: int | None = None) -> None:
        if notetype_id is not None:
            self.web.push_event("notetype.select", {"id": notetype_id})

    def closeWithCallback(self, callback: Callable[[], None]) -> None:
        self.reject()
        callback()

    def reject(self) -> None:
        """Every way of closing ends here: Esc, the title bar, Ctrl+W, profile close."""
        self._teardown()
        super().reject()

    @guarded("closing the designer", notify=False)
    def _teardown(self) -> None:
        if self._closed:
            return
        self._closed = True
        saveGeom(self, GEOMETRY_KEY)
        self.web.cleanup()
        aqt.dialogs.markClosed(DIALOG_NAME)
        log.info("designer closed")
