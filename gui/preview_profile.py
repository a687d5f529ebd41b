"""A fresh, off-the-record web profile for one preview page.

Every preview page gets a profile of its own, made when the page is made: nothing a
card stores (localStorage, cookies, IndexedDB, CacheStorage, a service worker) is
written to disk, and none of it survives the page, so it can reach neither the next
designer nor the next note type's preview (the view starts a new page and profile for
each note type). The profile's interceptor applies the preview's allowlist
(services/request_rules.py), its settings turn off what a card never needs, and the
guard script (preview_guard.js) removes WebRTC and resource hints in every frame.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aqt.qt import QObject, QWebEngineProfile, QWebEngineScript, QWebEngineSettings

from ..services.request_rules import Request, preview_verdict
from .request_policy import PolicyInterceptor

GUARD_SOURCE = (Path(__file__).with_name("preview_guard.js")).read_text(encoding="utf-8")
Attribute = QWebEngineSettings.WebAttribute
SETTINGS = {
    Attribute.WebRTCPublicInterfacesOnly: True,
    Attribute.DnsPrefetchEnabled: False,
    Attribute.JavascriptCanOpenWindows: False,
    Attribute.JavascriptCanAccessClipboard: False,
    Attribute.JavascriptCanPaste: False,
    Attribute.LocalContentCanAccessRemoteUrls: False,
    Attribute.LocalContentCanAccessFileUrls: False,
    Attribute.PluginsEnabled: False,
    Attribute.PdfViewerEnabled: False,
    Attribute.AllowRunningInsecureContent: False,
    Attribute.AllowGeolocationOnInsecureOrigins: False,
    Attribute.FullScreenSupportEnabled: False,
    Attribute.ScreenCaptureEnabled: False,
    Attribute.NavigateOnDropEnabled: False,
}


def guard_script() -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName("atd-preview-guard")
    script.setSourceCode(GUARD_SOURCE)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(True)
    return script


def preview_profile(
    parent: QObject,
    server_port: Callable[[], int],
    addon_folder: str,
    page_ids: Callable[[], set[int]],
) -> tuple[QWebEngineProfile, PolicyInterceptor]:
    """A new off-the-record profile and the interceptor that guards it."""
    profile = QWebEngineProfile(parent)  # no storage name: off the record
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )
    profile.setSpellCheckEnabled(False)
    profile.setPushServiceEnabled(False)

    def rule(request: Request) -> str:
        return preview_verdict(request, server_port(), addon_folder, page_ids())

    interceptor = PolicyInterceptor(rule, "preview", profile)
    profile.setUrlRequestInterceptor(interceptor)
    settings = profile.settings()
    if settings is not None:
        for attribute, on in SETTINGS.items():
            settings.setAttribute(attribute, on)
    scripts = profile.scripts()
    if scripts is not None:
        scripts.insert(guard_script())
    return profile, interceptor
