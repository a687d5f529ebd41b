"""The designer window: a thin dialog around the designer web view.

Registered with Anki's dialog manager, so there is only ever one, it is brought to front
when opened again, and it is closed before the collection is when the profile unloads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import aqt
from aqt.qt import QDialog, QKeySequence, QShortcut, QSplitter, Qt, QVBoxLayout, QWidget
from aqt.theme import theme_manager
from aqt.utils import askUser, disable_help_button, restoreGeom, saveGeom, tooltip

from ..features.core.methods import alert_json
from ..features.metrics.methods import bridge_observer
from ..services.collab import CollabSession
from ..services.metrics import Alert, Metrics
from ..services.plugins import PluginManager
from ..services.registry import Registry
from ..services.saving import DraftStore
from .bridge import Dispatcher
from .designer_view import DesignerWebView, designer_page_url
from .hook_guard import guarded
from .hosts import install_host_roles
from .page_watchdog import PageWatchdog
from .plugin_methods import follow_plugin_methods
from .preview_view import PreviewView
from .warm_page import WarmDesignerPage
from .working_notetype import remember_designed

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
        note_id: int | None = None,
        warm: WarmDesignerPage | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        self.addon_folder = addon_folder
        self.initial_notetype_id = notetype_id
        self.initial_note_id = note_id
        self.ready = False
        self.dirty = False
        self.dirty_notetype_id: int | None = None
        self.current_notetype_id: int | None = notetype_id
        self._closed = False
        self.setWindowTitle("Template Designer")
        self.setObjectName("atdDesignerDialog")
        disable_help_button(self)
        self.setMinimumSize(640, 420)
        self.resize(1280, 800)
        restoreGeom(self, GEOMETRY_KEY)

        warm_views = warm.take(self) if warm is not None else None
        #: The pages were loaded before the dialog opened (gui/warm_page.py).
        self.warm_started = warm_views is not None
        self.web = warm_views[0] if warm_views else DesignerWebView(self)
        self.preview = warm_views[1] if warm_views else PreviewView(addon_folder, self)
        self.preview.setObjectName("atdPreview")
        self.preview.recovered.connect(self._on_preview_recovered)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.web)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 7)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.splitter.setSizes([int(self.width() * 0.7), int(self.width() * 0.3)])

        self._uninstall_hosts = install_host_roles(registry, self, self, self.preview)
        plugins = registry.get(PluginManager)
        self.dispatcher = Dispatcher(
            plugins.bridge_methods(),
            lambda envelope: self.web.push(envelope),
            observe=bridge_observer(registry),
        )
        self._unfollow_plugins = follow_plugin_methods(self.dispatcher, plugins)
        plugins.notify("atd_designer_opened", notetype_id=notetype_id)
        metrics = registry.get(Metrics)
        self._unsubscribe_alerts = metrics.on_alert(self._on_alert)
        # Collaboration frames and status reach the page as events (from the relay's thread).
        self._collab = registry.get(CollabSession)
        self._unsubscribe_collab = self._collab.on_event(
            lambda name, data: self.web.push_event(name, data)
        )
        self.web.attach(self.dispatcher, self)
        if not self.warm_started:
            self.web.load_page(designer_page_url(addon_folder))
        self.web.start(
            {"notetypeId": notetype_id, "noteId": note_id, "night": theme_manager.night_mode}
        )
        self.watchdog = PageWatchdog(self.web.page(), self._recover_page)
        QShortcut(QKeySequence("Ctrl+W"), self, self.reject)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.show()

    # -- DesignerWindow (sdk/hosts.py) ---------------------------------------------
    def session_info(self) -> dict[str, Any]:
        return {
            "night": theme_manager.night_mode,
            "notetypeId": self.initial_notetype_id,
            "noteId": self.initial_note_id,
        }

    # -- recovery -------------------------------------------------------------------
    @guarded("reloading the designer page", notify=False)
    def _recover_page(self, reason: str) -> None:
        """The page crashed or hung: load it again on the note type being edited, with its
        autosaved draft restored, and say what happened."""
        if self._closed:
            return
        log.warning("reloading the designer page: %s", reason)
        self.ready = False
        # A new view and page: the old page's web channel does not survive its process.
        self.watchdog.stop()
        old = self.web
        self.web = DesignerWebView(self)
        self.splitter.replaceWidget(0, self.web)
        old.cleanup()
        old.deleteLater()
        self.web.attach(self.dispatcher, self)
        self.watchdog = PageWatchdog(self.web.page(), self._recover_page)
        self.web.load_page(designer_page_url(self.addon_folder))
        self.web.start(
            {
                "notetypeId": self.current_notetype_id or self.initial_notetype_id,
                "noteId": None,
                "night": theme_manager.night_mode,
                "recovered": f"The designer page stopped ({reason}) and was reloaded; "
                "your unsaved changes were restored from the autosaved draft.",
            }
        )

    @guarded("telling the user the preview was reloaded", notify=False)
    def _on_preview_recovered(self, message: str) -> None:
        if not self._closed:
            tooltip(message, parent=self)
            self.web.push_event("preview.recovered", {"message": message})

    def mark_ready(self) -> None:
        self.ready = True

    def set_dirty(self, notetype_id: int | None, dirty: bool) -> None:
        if notetype_id is not None:
            self.current_notetype_id = notetype_id
            remember_designed(notetype_id)  # for the next Tools → Template Designer…
        self.dirty = dirty
        self.dirty_notetype_id = notetype_id if dirty else None

    # -- metrics --------------------------------------------------------------------
    def _on_alert(self, alert: Alert) -> None:
        if not self._closed:
            self.web.push_event("metrics.alert", alert_json(alert))

    # -- dialog manager contract ----------------------------------------------
    def reopen(
        self,
        parent: QWidget | None = None,
        notetype_id: int | None = None,
        note_id: int | None = None,
    ) -> None:
        if notetype_id is not None:
            self.web.push_event("notetype.select", {"id": notetype_id, "noteId": note_id})

    def closeWithCallback(self, callback: Callable[[], None]) -> None:
        """Profile close: no prompt; unsaved work stays in the autosaved draft."""
        self._teardown()
        super().reject()
        callback()

    def reject(self) -> None:
        """Esc, the title bar, Ctrl+W: ask before unsaved changes are thrown away."""
        if self.dirty and not askUser(
            "Close the Template Designer and discard your unsaved changes?", parent=self
        ):
            return
        if self.dirty and self.dirty_notetype_id is not None:
            self.registry.get(DraftStore).discard(self.dirty_notetype_id)
        self._teardown()
        super().reject()

    @guarded("closing the designer", notify=False)
    def _teardown(self) -> None:
        if self._closed:
            return
        self._closed = True
        saveGeom(self, GEOMETRY_KEY)
        self._unsubscribe_alerts()
        self._unsubscribe_collab()
        self._collab.disconnect()
        self._unfollow_plugins()
        self.watchdog.stop()
        self._uninstall_hosts()
        self.registry.get(PluginManager).notify("atd_designer_closed")
        self.web.cleanup()
        self.preview.cleanup()
        aqt.dialogs.markClosed(DIALOG_NAME)
        log.info("designer closed")
