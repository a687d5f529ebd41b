"""Keeps the designer's web view local: no request beyond 127.0.0.1, ever.

The designer page gets its own QWebEngineProfile (Anki's shared one is used by every
other web view, so it must not be changed) with an interceptor that blocks any request
whose target is not this machine's loopback. Template content shown in the page may
carry remote URLs; this is the net under every other precaution.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from aqt.qt import QObject, QUrl, QWebEngineProfile, QWebEngineUrlRequestInterceptor
from aqt.webview import AnkiWebPage, AnkiWebViewKind

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "qrc"})


def is_local_url(url: QUrl) -> bool:
    scheme = url.scheme().lower()
    if scheme in LOCAL_SCHEMES:
        return True
    return scheme in ("http", "https", "ws", "wss") and url.host().lower() in LOCAL_HOSTS


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine, and logs the first few."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []
        #: The most recent requests, allowed or not (diagnostics; the security tests
        #: assert that template content in the canvas makes no request at all).
        self.seen: deque[str] = deque(maxlen=2000)

    def interceptRequest(self, info: Any) -> None:
        url = info.requestUrl()
        self.seen.append(url.toString())
        if is_local_url(url):
            return
        info.block(True)
        if len(self.blocked) < 1000:
            self.blocked.append(url.toString())
        if len(self.blocked) <= 20:
            log.warning("blocked a request beyond 127.0.0.1: %s", url.toString()[:200])


class LocalOnlyProfile:
    """A QWebEngineProfile, created on first use, whose every request must stay local.

    `setup` adds what a kind of page needs on top (the preview removes WebRTC).
    """

    def __init__(self, setup: Callable[[QWebEngineProfile], None] | None = None) -> None:
        self._setup = setup
        self._profile: QWebEngineProfile | None = None
        self._interceptor: LocalOnlyInterceptor | None = None

    def get(self) -> QWebEngineProfile:
        if self._profile is None:
            from aqt import mw

            profile = QWebEngineProfile(mw.app if mw else None)
            self._interceptor = LocalOnlyInterceptor(profile)
            profile.setUrlRequestInterceptor(self._interceptor)
            if self._setup is not None:
                self._setup(profile)
            self._profile = profile
        return self._profile

    @property
    def interceptor(self) -> LocalOnlyInterceptor:
        """What the profile blocked (for tests and diagnostics)."""
        self.get()
        assert self._interceptor is not None
        return self._interceptor


DESIGNER_PROFILE = LocalOnlyProfile()


def designer_interceptor() -> LocalOnlyInterceptor:
    return DESIGNER_PROFILE.interceptor


class GuardedPage(AnkiWebPage):
    """Anki's page with the bridge, on the local-only profile, pinned to its own URL."""

    def __init__(self, on_bridge_cmd: Any, parent: QObject | None = None) -> None:
        super().__init__(on_bridge_cmd, AnkiWebViewKind.DEFAULT, parent)
        self.home: QUrl | None = None

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
