"""What a bridge method is, for our features and plugins alike (no Qt, no dispatcher).

A method has a name (``area.verb``), a handler taking the validated params, a JSON Schema
for those params and, for plugins, the permission its caller must hold. A handler returns
JSON-ready data, a `Deferred` for work that finishes later, or raises an error that
carries its code (sdk/errors.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import DesignerError
from .protocol import ErrorCode


class BridgeError(DesignerError):
    """An expected failure with an explicit code (kept for handlers that pick one)."""

    def __init__(self, code: ErrorCode, message: str, details: Any = None) -> None:
        super().__init__(message, details, code=code)
        self.code = code


class Deferred:
    """A result that arrives later (long work); the dispatcher pushes it when settled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settled = False
        self._outcome: tuple[bool, Any] | None = None
        self._callbacks: list[Callable[[bool, Any], None]] = []

    def resolve(self, result: Any) -> None:
        self._settle(True, result)

    def reject(self, error: BaseException) -> None:
        self._settle(False, error)

    def _settle(self, ok: bool, value: Any) -> None:
        with self._lock:
            if self._settled:
                return
            self._settled = True
            self._outcome = (ok, value)
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(ok, value)

    def on_settled(self, callback: Callable[[bool, Any], None]) -> None:
        """Call `callback(ok, value)` once settled (at once if it already is)."""
        with self._lock:
            outcome = self._outcome
            if outcome is None:
                self._callbacks.append(callback)
        if outcome is not None:
            callback(*outcome)


def params(properties: dict[str, Any], required: Sequence[str] = ()) -> dict[str, Any]:
    """A method's parameter schema: an object with exactly these properties."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


@dataclass(frozen=True)
class Method:
    """One allowlisted bridge method: name, handler, parameter schema and permission.

    `permission` is the manifest permission a plugin needs to add it (None for ours).
    """

    name: str
    handler: Callable[[dict[str, Any]], Any]
    params: dict[str, Any] = field(default_factory=lambda: params({}))
    permission: str | None = None
