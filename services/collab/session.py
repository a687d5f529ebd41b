"""The designer's one collaboration session: a relay plus the events the page gets.

Frames travel base64-encoded inside the bridge's JSON (`collab.send` in, the
`collab.frame` event out); connection changes are the `collab.status` event. Listeners
(the dialog pushing events to the page) are called on the relay's thread. The invite token
is held here and sent only to the server; it is never logged or shown in a status.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable
from typing import Any

from ...sdk.errors import DesignerError
from .relay import CollabRelay, RelayStatus

Listener = Callable[[str, dict[str, Any]], None]
MAX_FRAME_BYTES = 1024 * 1024


def status_json(status: RelayStatus) -> dict[str, Any]:
    return {
        "state": status.state,
        "message": status.message,
        "retryIn": status.retry_in_s,
        "identity": status.identity,
        "notice": status.notice,
    }


class CollabSession:
    def __init__(self, relay_factory: Callable[..., CollabRelay] = CollabRelay) -> None:
        self._relay_factory = relay_factory
        self._relay: CollabRelay | None = None
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._last: dict[str, Any] = {"state": "closed", "message": ""}

    def on_event(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, name: str, data: dict[str, Any]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(name, data)

    def _frame(self, frame: bytes) -> None:
        self._emit("collab.frame", {"data": base64.b64encode(frame).decode("ascii")})

    def _status(self, status: RelayStatus) -> None:
        if status.notice is None:
            self._last = status_json(status)
        self._emit("collab.status", status_json(status))

    def connect(self, url: str, token: str) -> dict[str, Any]:
        self.disconnect()
        try:
            relay = self._relay_factory(url, token, self._frame, self._status)
        except ValueError as error:
            raise DesignerError(str(error)) from None
        self._relay = relay
        relay.start()
        return {"state": "connecting"}

    def send(self, data: str) -> bool:
        """Sends one base64 frame from the page; False while offline."""
        if self._relay is None:
            raise DesignerError("not connected to a collaboration server")
        try:
            frame = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise DesignerError("collab.send: data is not base64") from None
        if not frame or len(frame) > MAX_FRAME_BYTES:
            raise DesignerError(f"collab.send: a frame must be 1 to {MAX_FRAME_BYTES} bytes")
        return self._relay.send(frame)

    def disconnect(self) -> None:
        relay, self._relay = self._relay, None
        if relay is not None:
            relay.close()

    def status(self) -> dict[str, Any]:
        return dict(self._last)

    close = disconnect
