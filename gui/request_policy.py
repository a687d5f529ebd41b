"""Request interceptors that enforce services/request_rules.py on a web profile.

Qt calls `interceptRequest` for every request a page makes (main and sub frames,
subresources, fetch/XHR, WebSocket handshakes, beacons, workers), on the UI thread. Each
interceptor keeps what it saw and what it blocked, bounded, for diagnostics and tests.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from aqt.qt import QObject, QUrl, QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

from ..services.request_rules import Request

log = logging.getLogger(__name__)

ResourceType = QWebEngineUrlRequestInfo.ResourceType
KINDS = {
    ResourceType.ResourceTypeMainFrame: "main_frame",
    ResourceType.ResourceTypeSubFrame: "sub_frame",
    ResourceType.ResourceTypeServiceWorker: "service_worker",
    ResourceType.ResourceTypeSharedWorker: "shared_worker",
    ResourceType.ResourceTypeWorker: "worker",
}
Rule = Callable[[Request], str]


def request_of(url: QUrl, method: str = "GET", kind: str = "other") -> Request:
    return Request(
        scheme=url.scheme(),
        host=url.host(),
        port=url.port(80 if url.scheme() in ("http", "ws") else 443),
        path=url.path(QUrl.ComponentFormattingOption.FullyEncoded) or "/",
        query=url.query(QUrl.ComponentFormattingOption.FullyEncoded),
        method=method,
        kind=kind,
    )


class PolicyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request `rule` refuses, and logs the first few."""

    def __init__(self, rule: Rule, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.name = name
        self.blocked: list[str] = []
        #: The most recent requests, allowed or not.
        self.seen: deque[str] = deque(maxlen=2000)

    def interceptRequest(self, info: Any) -> None:
        url = info.requestUrl()
        method = bytes(info.requestMethod()).decode("latin-1")
        request = request_of(url, method, KINDS.get(info.resourceType(), "other"))
        text = url.toString()
        self.seen.append(text)
        try:
            reason = self.rule(request)
        except Exception:  # a rule that fails refuses: never let the request through
            log.exception("request rule failed for %s", text[:200])
            reason = "the rule failed"
        if not reason:
            return
        info.block(True)
        if len(self.blocked) < 1000:
            self.blocked.append(text)
        if len(self.blocked) <= 20:
            log.warning("%s: blocked %s %s (%s)", self.name, method, text[:200], reason)
