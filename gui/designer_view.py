"""The designer's web view: loads our page from Anki's media server, wires the bridge."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import aqt
from aqt import colors
from aqt.qt import QUrl, QWidget
from aqt.theme import theme_manager
from aqt.webview import AnkiWebView, AnkiWebViewKind
from PyQt6 import sip

from ..sdk.protocol import PREFIX, event
from .bridge import Dispatcher
from .web_guard import GuardedPage

log = logging.getLogger(__name__)

PAGE_PATH = "web/dist/index.html"
#: Asked before Anki's page-wide Esc closes the window (web/src/escapeGuard.ts).
ESCAPE_QUESTION = (
    "window.atd && typeof window.atd.escapeCloses === 'function' ? window.atd.escapeCloses() : true"
)
WEB_EXPORTS = r"web/dist/.*"


def designer_page_url(addon_folder: str) -> QUrl:
    return QUrl(f"{aqt.mw.serverURL()}_addons/{addon_folder}/{PAGE_PATH}")


def to_js(value: Any) -> str:
    """JSON that is also safe to embed in a JS expression."""
    return json.dumps(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class DesignerWebView(AnkiWebView):
    """AnkiWebView on the local-only page; every `pycmd("atd:…")` goes to the dispatcher."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, kind=AnkiWebViewKind.DEFAULT)
        self.set_title("template designer")
        old_page = self.page()
        self.setPage(GuardedPage(self._onBridgeCmd, self))
        if old_page is not None:
            old_page.deleteLater()
        self.page().setBackgroundColor(theme_manager.qcolor(colors.CANVAS))
        self._dispatcher: Dispatcher | None = None

    def attach(self, dispatcher: Dispatcher, context: object) -> None:
        self._dispatcher = dispatcher
        self.set_bridge_command(self._on_message, context)

    def _on_message(self, raw: str) -> Any:
        if self._dispatcher is None or not Dispatcher.accepts(raw):
            log.warning("ignored a bridge message that is not ours: %.80r", raw)
            return None
        return self._dispatcher.handle(raw)

    def onEsc(self) -> None:
        """Anki closes the window on every Esc in the page (`pycmd("close")`), even one
        that closed our Plugins panel, Presets, a question or a menu; ask the page first."""

        def answered(closes: object) -> None:
            if closes is True and not sip.isdeleted(self):
                AnkiWebView.onEsc(self)

        self.page().runJavaScript(ESCAPE_QUESTION, answered)

    def load_page(self, url: QUrl) -> None:
        page = self.page()
        assert isinstance(page, GuardedPage)
        page.home = url
        self.load_url(url)

    def start(self, init: dict[str, Any]) -> None:
        """Start the page's app; Anki queues this until the page reported domDone."""
        self.eval(f"window.atd.start({to_js(init)})")

    def push(self, envelope: dict[str, Any]) -> None:
        """Deliver a late reply or an event to the page (from any thread)."""
        js = f"window.atd && window.atd.deliver({to_js(envelope)})"
        if threading.current_thread() is threading.main_thread():
            self.eval(js)
        else:
            aqt.mw.taskman.run_on_main(lambda: self.eval(js))

    def push_event(self, name: str, data: Any) -> None:
        self.push(dict(event(name, data)))

    def on_theme_did_change(self) -> None:
        super().on_theme_did_change()
        self.push_event("theme.changed", {"night": theme_manager.night_mode})


__all__ = ["PREFIX", "WEB_EXPORTS", "DesignerWebView", "designer_page_url"]
