"""The caller's side of one request: wait for its outcome, or cancel it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .outcome import Outcome

T = TypeVar("T")


class TaskHandle(Generic[T]):
    """Created by `TaskManager.submit`; resolved exactly once with an `Outcome`."""

    def __init__(self, cancel: Callable[[TaskHandle[Any]], bool]) -> None:
        self._cancel = cancel
        self._event = threading.Event()
        self._outcome: Outcome[T] | None = None
        self._lock = threading.Lock()

    def cancel(self) -> bool:
        """Withdraw this request: it resolves as CANCELLED now. A queued task never runs;
        a running one is told through its token (once no other caller still wants it).
        False if the request had already ended."""
        return self._cancel(self)

    def done(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> Outcome[T]:
        """Block until resolved (for tests and tools; the UI uses `on_outcome`)."""
        if not self._event.wait(timeout):
            raise TimeoutError("the task has not ended yet")
        assert self._outcome is not None
        return self._outcome

    def _resolve(self, outcome: Outcome[T]) -> bool:
        """Set the outcome once; False if it was already set."""
        with self._lock:
            if self._outcome is not None:
                return False
            self._outcome = outcome
        self._event.set()
        return True
