"""The preview: a web view with no bridge, showing cards the way the reviewer does.

It is a plain QWebEngineView (not an AnkiWebView: no pycmd channel), on its own
local-only profile, so template scripts can run here as in the reviewer but can neither
reach Python nor make a request beyond 127.0.0.1. The page is served by Anki's media
server with the media folder as its base, so the card's images and fonts load as in the
reviewer, and it uses the reviewer's own CSS.
"""

from __future__ import annotations

import html
import json
import logging
import re
from typing import Any

import aqt
from aqt.mediasrv import PageContext
from aqt.qt import (
    QUrl,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineView,
    QWidget,
    pyqtSignal,
)

from ..services.preview import RenderedCard
from .hook_guard import guarded
from .web_guard import LocalOnlyInterceptor, LocalOnlyProfile, is_local_url

log = logging.getLogger(__name__)

DEVICE_WIDTHS = {"phone": 375, "tablet": 768, "desktop": None}
PAINTED = re.compile(r"painted:(\d{1,9})")

# WebRTC can reach any host (STUN/TURN) without passing the request interceptor, so the
# preview removes it before any card script runs, in every frame.
NO_WEBRTC = """
for (const name of ["RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel",
                    "RTCSessionDescription", "RTCIceCandidate"]) {
  try { Object.defineProperty(window, name, {value: undefined, configurable: false}); }
  catch (e) {}
}
"""


def _without_webrtc(profile: QWebEngineProfile) -> None:
    settings = profile.settings()
    if settings is not None:
        settings.setAttribute(QWebEngineSettings.WebAttribute.WebRTCPublicInterfacesOnly, True)
    script = QWebEngineScript()
    script.setName("atd-no-webrtc")
    script.setSourceCode(NO_WEBRTC)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(True)
    scripts = profile.scripts()
    if scripts is not None:
        scripts.insert(script)


# Without Anki's bridge script (unlike the designer's profile) and without WebRTC.
PREVIEW_PROFILE = LocalOnlyProfile(_without_webrtc)


def preview_interceptor() -> LocalOnlyInterceptor:
    """The interceptor guarding every preview page (what it blocked, for tests)."""
    return PREVIEW_PROFILE.interceptor


class PreviewPage(QWebEnginePage):
    """Stays on its own page; links in cards do not navigate anywhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PREVIEW_PROFILE.get(), parent)
        self.home: QUrl | None = None

    def acceptNavigationRequest(self, url: QUrl, nav_type: Any, is_main_frame: bool) -> bool:
        if not is_main_frame:
            return is_local_url(url)
        return self.home is not None and url.matches(
            self.home, QUrl.UrlFormattingOption.RemoveFragment
        )

    def javaScriptConsoleMessage(
        self, level: Any, message: str | None, line: int, source: str | None
    ) -> None:
        # Card scripts are the user's: their console output is not our error.
        log.debug("preview console: %s (%s:%d)", message, source, line)


def preview_shell(server_url: str, addon_folder: str, font_family: str) -> str:
    """The reviewer's page shell: Anki's webview.css and reviewer.css, the UI font, MathJax."""
    base = html.escape(server_url, quote=True)
    script = html.escape(f"/_addons/{addon_folder}/web/dist/preview.js", quote=True)
    family = json.dumps(font_family).replace("<", "")
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f'<base href="{base}">'
        '<link rel="stylesheet" href="/_anki/css/webview.css">'
        f"<style>body {{ font-family: {family}, sans-serif; }}</style>"
        '<link rel="stylesheet" href="/_anki/css/reviewer.css">'
        '<style id="card-css"></style>'
        '<script src="/_anki/js/mathjax.js"></script>'
        '<script src="/_anki/js/vendor/mathjax/tex-chtml-full.js"></script>'
        f'<script src="{script}"></script>'
        '</head><body class="card card1"><div id="qa"></div></body></html>'
    )


class PreviewView(QWebEngineView):
    """Shows `RenderedCard`s; emits `painted(seq)` once a card is on screen."""

    painted = pyqtSignal(int)

    def __init__(self, addon_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = PreviewPage(self)
        self.setPage(self._page)
        self._loaded = False
        self._queued: str | None = None
        self.seq = 0
        self.last_painted = 0
        self._page.titleChanged.connect(self._on_title)
        self._page.loadFinished.connect(self._on_loaded)
        server = aqt.mw.serverURL()
        aqt.mw.mediaServer.set_page_html(
            id(self),
            preview_shell(server, addon_folder, self.font().family()),
            PageContext.PREVIEWER,
        )
        url = QUrl(f"{server}_anki/legacyPageData?id={id(self)}")
        self._page.home = url
        self.load(url)

    def show_card(self, card: RenderedCard) -> int:
        """Display `card`; returns the sequence number `painted` will report."""
        self.seq += 1
        payload = {"seq": self.seq, **card.to_json()}
        script = f"window.atdPreview && window.atdPreview.show({json.dumps(payload)})"
        if self._loaded:
            self._page.runJavaScript(script)
        else:
            self._queued = script  # only the latest matters
        return self.seq

    def _on_loaded(self, ok: bool) -> None:
        if not ok:
            log.warning("the preview page failed to load")
            return
        self._loaded = True
        if self._queued is not None:
            self._page.runJavaScript(self._queued)
            self._queued = None

    @guarded("reading the preview's paint signal", notify=False)
    def _on_title(self, title: str) -> None:
        # Card scripts can set the title too: only our exact form counts.
        match = PAINTED.fullmatch(title)
        if match:
            seq = int(match.group(1))
            self.last_painted = max(self.last_painted, seq)
            self.painted.emit(seq)

    def set_device(self, device: str) -> None:
        width = DEVICE_WIDTHS.get(device)
        if width is None:
            self.setMinimumWidth(0)
            self.setMaximumWidth(16777215)
        else:
            self.setFixedWidth(width)

    def cleanup(self) -> None:
        aqt.mw.mediaServer.clear_page_html(id(self))
        self._page.deleteLater()
