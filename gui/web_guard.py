"""Keeps the designer's web view to what it needs: its own files on Anki's media server.

The designer page gets its own QWebEngineProfile (Anki's shared one is used by every
other web view, so it must not be changed) with an interceptor that allows only our
page's files, Anki's CSS and media names (services/request_rules.py): nothing beyond
127.0.0.1, no Anki API endpoint, no other add-on's files. Template content shown in the
page may carry remote URLs; this is the net under every other precaution.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from aqt.qt import QObject, QUrl, QWebEngineProfile
from aqt.webview import AnkiWebPage, AnkiWebViewKind

from ..services.request_rules import Request, designer_verdict
from .request_policy import PolicyInterceptor

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "qrc"})
ADDON_PAGE = re.compile(r"/_addons/([^/]+)/web/dist/[^/]+")


def is_local_url(url: QUrl) -> bool:
    scheme = url.scheme().lower()
    if scheme in LOCAL_SCHEMES:
        return True
    return scheme in ("http", "https", "ws", "wss") and url.host().lower() in LOCAL_HOSTS


def _server_port() -> int:
    from aqt import mw

    return mw.mediaServer.getPort() if mw else 0


class DesignerProfile:
    """The designer page's QWebEngineProfile, created on first use.

    Its interceptor allows only what the page needs (services/request_rules.py): our
    `web/dist/` files, Anki's CSS and plain media names, all on Anki's media server.
    """

    def __init__(self) -> None:
        self._profile: QWebEngineProfile | None = None
        self._interceptor: PolicyInterceptor | None = None
        #: Add-on folders whose `web/dist/` the page may load (ours, under its folder name).
        self.addon_folders: set[str] = set()

    def _rule(self, request: Request) -> str:
        return designer_verdict(request, _server_port(), self.addon_folders)

    def get(self) -> QWebEngineProfile:
        if self._profile is None:
            from aqt import mw

            profile = QWebEngineProfile(mw.app if mw else None)
            self._interceptor = PolicyInterceptor(self._rule, "designer page", profile)
            profile.setUrlRequestInterceptor(self._interceptor)
            self._profile = profile
        return self._profile

    @property
    def interceptor(self) -> PolicyInterceptor:
        """What the profile blocked (for tests and diagnostics)."""
        self.get()
        assert self._interceptor is not None
        return self._interceptor


DESIGNER_PROFILE = DesignerProfile()


def designer_interceptor() -> PolicyInterceptor:
    return DESIGNER_PROFILE.interceptor


class GuardedPage(AnkiWebPage):
    """Anki's page with the bridge, on the local-only profile, pinned to its own URL."""

    def __init__(self, on_bridge_cmd: Any, parent: QObject | None = None) -> None:
        super().__init__(on_bridge_cmd, AnkiWebViewKind.DEFAULT, parent)
        self._home: QUrl | None = None

    @property
    def home(self) -> QUrl | None:
        return self._home

    @home.setter
    def home(self, url: QUrl | None) -> None:
        """The page's own URL; its add-on folder's `web/dist/` becomes loadable."""
        self._home = url
        match = ADDON_PAGE.fullmatch(url.path()) if url is not None else None
        if match:
            DESIGNER_PROFILE.addon_folders.add(match.group(1))

    def _profileForPage(self, kind: AnkiWebViewKind) -> QWebEngineProfile:
        return DESIGNER_PROFILE.get()

    def acceptNavigationRequest(self, url: QUrl, nav_type: Any, is_main_frame: bool) -> bool:
        if not is_main_frame:
            # frames (the preview) may show local or inline documents only
            return is_local_url(url)
        if self.home is not None and url.adjusted(QUrl.UrlFormattingOption.RemoveFragment) == (
            self.home.adjusted(QUrl.UrlFormattingOption.RemoveFragment)
        ):
            return True
        log.warning("designer page tried to navigate away to %s; refused", url.toString()[:200])
        return False
