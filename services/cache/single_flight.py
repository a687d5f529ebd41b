"""One computation per key at a time; concurrent callers share its result or its error.

When the preview pane and a background warm-up ask for the same render at once, rendering
twice wastes a core and can race on the cache. The first caller computes; the others
wait for it and get the same value, or the same exception (nothing is cached then).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")


class _Call:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.owner = threading.get_ident()
        self.value: Any = None
        self.error: BaseException | None = None
        self.waiters = 0


class SingleFlight:
    """Deduplicates concurrent `run(key, fn)` calls for the same key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, _Call] = {}

    def run(self, key: str, fn: Callable[[], T]) -> tuple[T, bool]:
        """Run `fn` or join the call already running for `key`.

        Returns `(value, shared)` where `shared` is True for callers that waited on
        another caller's computation. Raises what `fn` raised, in every caller.
        """
        with self._lock:
            call = self._calls.get(key)
            leader = call is None
            if call is None:
                call = self._calls[key] = _Call()
            elif call.owner == threading.get_ident():
                # Waiting here would wait for ourselves forever.
                raise RuntimeError(f"recursive computation of cache key {key!r}")
            else:
                call.waiters += 1
        if not leader:
            call.done.wait()
            if call.error is not None:
                raise call.error
            return cast(T, call.value), True
        try:
            value = fn()
        except BaseException as error:
            # Handed to every waiter, then re-raised here; BaseException so that waiters
            # are released even when the computation is interrupted.
            call.error = error
            raise
        else:
            call.value = value
        finally:
            with self._lock:
                del self._calls[key]
            call.done.set()
        return value, False

    def in_flight(self) -> int:
        """How many keys are being computed now."""
        with self._lock:
            return len(self._calls)

    def waiting(self, key: str) -> int:
        """How many callers wait for the computation of `key` (diagnostics, tests)."""
        with self._lock:
            call = self._calls.get(key)
            return 0 if call is None else call.waiters
