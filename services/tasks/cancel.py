"""Cooperative cancellation: Python threads cannot be stopped from outside, so work checks.

A long render or validation polls `token.cancelled` (or calls `raise_if_cancelled()`)
between steps. The manager sets the token when the caller cancels, when the task times
out and at shutdown; a task that raises `Cancelled` is reported as cancelled, not failed.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """Raised by `CancelToken.raise_if_cancelled`; also the error runners hand back for
    work they dropped unstarted at shutdown."""


class CancelToken:
    """A flag one side sets and the running work reads; safe across threads."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("the task was cancelled")

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep until cancelled or `timeout` passes; True if cancelled.

        For work that waits (polling, backoff): it wakes at once on cancel."""
        return self._event.wait(timeout)
