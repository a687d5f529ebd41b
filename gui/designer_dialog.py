"""The designer window: a thin dialog around the designer web view.

Registered with Anki's dialog manager, so there is only ever one, it is brought to front
when opened again, and it is closed before the collection is when the profile unloads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import aqt
from anki.collection import OpChanges
from anki.utils import point_version
from aqt.operations import CollectionOp
from aqt.qt import QDialog, QKeySequence, QShortcut, QSplitter, Qt, QVBoxLayout, QWidget
from aqt.theme import theme_manager
from aqt.utils import (
    askUser,
    disable_help_button,
    getFile,
    getSaveFile,
    openLink,
    restoreGeom,
    saveGeom,
)

from ..sdk.protocol import PROTOCOL_VERSION, ErrorCode
from ..services.about import AddonInfo
from ..services.config import ConfigService
from ..services.lint import Linter
from ..services.metrics import Alert, Metrics
from ..services.paths import AddonPaths
from ..services.preview import RenderedCard
from ..services.registry import Registry
from ..services.saving import (
    ConflictError,
    DraftStore,
    NoteTypeSaver,
    SaveRefusedError,
    designed_parts,
)
from .bridge import BridgeError, Deferred, Dispatcher
from .bridge_methods import designer_methods
from .designer_view import DesignerWebView, designer_page_url
from .hook_guard import guarded
from .methods_canvas import canvas_methods
from .methods_editing import editing_methods
from .methods_metrics import bridge_observer, metrics_methods
from .methods_onboarding import onboarding_methods, user_guide_url
from .methods_presets import preset_methods
from .methods_preview import preview_methods
from .page_watchdog import PageWatchdog
from .preview_view import PreviewView

log = logging.getLogger(__name__)

DIALOG_NAME = "AnkiTemplateDesigner"
GEOMETRY_KEY = "atdDesigner"


def _alert_json(alert: Alert) -> dict[str, Any]:
    return {
        "name": alert.name,
        "percentile": alert.percentile,
        "limitMs": alert.limit_s * 1000,
        "valueMs": alert.value_s * 1000,
        "active": alert.active,
    }


class DesignerDialog(QDialog):
    def __init__(
        self,
        registry: Registry,
        addon_folder: str,
        parent: QWidget | None = None,
        notetype_id: int | None = None,
        note_id: int | None = None,
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

        self.web = DesignerWebView(self)
        self.preview = PreviewView(addon_folder, self)
        self.preview.setObjectName("atdPreview")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.web)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 7)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.splitter.setSizes([int(self.width() * 0.7), int(self.width() * 0.3)])

        config = registry.get(ConfigService)
        metrics = registry.get(Metrics)
        methods = [
            *designer_methods(registry, self),
            *editing_methods(registry, self),
            *preview_methods(registry, self),
            *canvas_methods(registry),
            *preset_methods(registry, self),
            *onboarding_methods(registry, self),
            *(metrics_methods(registry) if config.get("developer_mode") else []),
        ]
        self.dispatcher = Dispatcher(
            methods, lambda envelope: self.web.push(envelope), observe=bridge_observer(registry)
        )
        self._unsubscribe_alerts = metrics.on_alert(self._on_alert)
        self.web.attach(self.dispatcher, self)
        self.web.load_page(designer_page_url(addon_folder))
        self.web.start(
            {"notetypeId": notetype_id, "noteId": note_id, "night": theme_manager.night_mode}
        )
        self.watchdog = PageWatchdog(self.web.page(), self._recover_page)
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
            "noteId": self.initial_note_id,
            "configProblems": [str(p) for p in config.problems],
            "developerMode": bool(config.get("developer_mode")),
            "alerts": [_alert_json(a) for a in self.registry.get(Metrics).alerts()],
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

    # -- metrics --------------------------------------------------------------------
    def _on_alert(self, alert: Alert) -> None:
        if not self._closed:
            self.web.push_event("metrics.alert", _alert_json(alert))

    # -- PresetFilesHost ------------------------------------------------------------
    def choose_preset_import(self) -> str | None:
        path = getFile(
            self,
            "Import preset",
            None,
            filter="Template Designer presets (*.atdpreset)",
            key="atdPresets",
        )
        return path if isinstance(path, str) and path else None

    def choose_preset_export(self, suggested_name: str) -> str | None:
        return (
            getSaveFile(
                self,
                "Export preset",
                "atdPresets",
                "Template Designer presets",
                ".atdpreset",
                suggested_name,
            )
            or None
        )

    # -- HelpHost -------------------------------------------------------------------
    def open_help(self) -> str:
        """The README's user guide in the system browser (only from the page's Help)."""
        url = user_guide_url(AddonInfo.read(self.registry.get(AddonPaths)).homepage)
        openLink(url)
        return url

    # -- PreviewHost ----------------------------------------------------------------
    def show_preview(self, card: RenderedCard, device: str) -> int:
        self.preview.set_device(device)
        return self.preview.show_card(card)

    # -- EditingHost ----------------------------------------------------------------
    def set_dirty(self, notetype_id: int | None, dirty: bool) -> None:
        if notetype_id is not None:
            self.current_notetype_id = notetype_id
        self.dirty = dirty
        self.dirty_notetype_id = notetype_id if dirty else None

    def deck_names(self) -> list[dict[str, object]]:
        col = aqt.mw.col
        assert col is not None
        return [{"id": d.id, "name": d.name} for d in col.decks.all_names_and_ids()]

    def run_save(self, draft: dict[str, Any], fingerprint: str, force: bool) -> Deferred:
        """Save as an undoable CollectionOp; the main window refreshes when it is done."""
        deferred = Deferred()
        saver = self.registry.get(NoteTypeSaver)
        metrics = self.registry.get(Metrics)
        started = time.perf_counter()

        def timed(ok: bool, _value: object) -> None:
            # The whole save (background check + write), not just the bridge call.
            metrics.record("designer.save", time.perf_counter() - started)
            if not ok:
                metrics.record_error("designer.save")

        deferred.on_settled(timed)

        def done(_changes: object) -> None:
            # Runs as CollectionOp's success callback: nothing may escape into Anki, and
            # the page's pending reply must always settle.
            try:
                notetype_id = int(draft["id"])
                fingerprint = saver.load(notetype_id).fingerprint
                drafts = self.registry.get(DraftStore)
                autosaved = drafts.load(notetype_id)
                if autosaved and designed_parts(autosaved.notetype) == designed_parts(draft):
                    drafts.discard(notetype_id)  # newer edits, if any, keep their draft
                log.info("saved note type %s", notetype_id)
            except Exception as error:
                log.exception("after saving note type %s", draft["id"])
                deferred.reject(error)
                return
            deferred.resolve({"fingerprint": fingerprint})

        def failed(error: Exception) -> None:
            if isinstance(error, ConflictError):
                deferred.reject(BridgeError(ErrorCode.CONFLICT, str(error)))
            elif isinstance(error, SaveRefusedError):
                refused = BridgeError(ErrorCode.INVALID_PARAMS, str(error), error.diagnostics)
                deferred.reject(refused)
            else:
                deferred.reject(error)

        linter = self.registry.get(Linter)

        def check_then_save(_col: object) -> OpChanges:
            errors = [d.to_json() for d in linter.check(draft) if d.severity == "error"]
            if errors:
                first = errors[0]["message"]
                raise SaveRefusedError(f"fix {len(errors)} error(s) before saving: {first}", errors)
            return saver.save(draft, fingerprint, force=force)

        CollectionOp(self, check_then_save).success(done).failure(failed).run_in_background(
            initiator=self
        )
        return deferred

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
        self.watchdog.stop()
        self.web.cleanup()
        self.preview.cleanup()
        aqt.dialogs.markClosed(DIALOG_NAME)
        log.info("designer closed")
