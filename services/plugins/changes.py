"""Telling listeners that the set of running plugins changed (one was enabled, disabled,
installed, uninstalled, reloaded, or failed and was turned off).

The open designer listens, so a plugin turned on mid-session has its bridge methods at
once, and one turned off loses them. A change made of several steps (disabling a plugin
turns off the plugins that need it) is told once, when the outermost step ends. A
listener that changes plugins itself (collecting bridge methods may make a plugin fail)
is not called again from inside itself: the change is told once more when it returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

Listener = Callable[[], None]


class PluginChanges:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._generation = 0
        self._told = 0
        self._depth = 0
        self._telling = False

    @property
    def generation(self) -> int:
        """Grows with every change (for tests and caches)."""
        return self._generation

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener()` after every change; returns the function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def changed(self) -> None:
        """A plugin started or stopped; listeners hear of it once the current step ends."""
        self._generation += 1
        self._tell()

    @contextmanager
    def step(self) -> Iterator[None]:
        """Group the changes of one public operation into one notification."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            self._tell()

    def _tell(self) -> None:
        if self._depth or self._telling:
            return
        self._telling = True
        try:
            while self._told != self._generation:
                self._told = self._generation
                for listener in list(self._listeners):
                    try:
                        listener()
                    except Exception:  # one listener must not stop the others
                        log.exception("a plugin-change listener failed")
        finally:
            self._telling = False
