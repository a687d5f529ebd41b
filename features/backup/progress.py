"""Progress of a long backup job (verify), polled by the Backups panel."""

from __future__ import annotations

import threading
from typing import Any

from ...services.backup.store import ObjectStore


class Progress:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._phase = ""
        self._done = 0
        self._total = 0
        self._busy = False

    def start(self, phase: str, total: int) -> None:
        with self._lock:
            self._phase, self._done, self._total, self._busy = phase, 0, total, True

    def tick(self) -> None:
        with self._lock:
            self._done += 1

    def finish(self) -> None:
        with self._lock:
            self._busy = False

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            return {
                "busy": self._busy,
                "phase": self._phase,
                "done": self._done,
                "total": self._total,
            }


class CountingStore(ObjectStore):
    """The same store, counting each object it opens (verify's read-data pass)."""

    def __init__(self, store: ObjectStore, tick: Any) -> None:
        super().__init__(store.backend, store.cipher)
        self._tick = tick

    def get(self, name: str) -> bytes:
        try:
            return super().get(name)
        finally:
            self._tick()
