"""The seam between services and whatever runs work in the background.

Services never start threads or touch Qt: they are handed a `TaskRunner`. In Anki the
GUI layer supplies one built on `QueryOp`/`mw.taskman` that calls `on_done`/`on_error`
and `call_soon` callbacks on the main thread; tests and tools use `ThreadRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class RunnerClosed(RuntimeError):
    """The runner was closed; it accepts no more work."""


class TaskRunner(Protocol):
    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run `fn` in the background, then call exactly one of `on_done(result)` or
        `on_error(exception)`. Must not call either before returning (no re-entrancy)
        and must not block on `fn`. Raises RunnerClosed after close."""
        ...

    def call_soon(self, callback: Callable[[], None]) -> None:
        """Run `callback` where results are delivered (Anki's main thread in the app)."""
        ...
