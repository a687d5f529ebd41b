"""A thread that calls a deadline check when the next deadline is due.

The check reports how many seconds remain until the next deadline according to the
manager's clock. The watchdog sleeps at most `max_sleep` real seconds at a time, so an
injected (fake) clock still gets checked, and sleeps indefinitely when nothing is due.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Watchdog:
    def __init__(self, check: Callable[[], float | None], *, max_sleep: float, name: str) -> None:
        self._check = check
        self._max_sleep = max_sleep
        self._name = name
        self._wake = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        """A new deadline exists: start the thread if needed and let it recompute."""
        with self._lock:
            if self._stopped:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopped:
            self._wake.clear()
            try:
                remaining = self._check()
            except Exception:  # the watchdog must outlive a bug in one check: log it
                log.exception("deadline check failed")
                remaining = self._max_sleep
            if self._stopped:
                return
            sleep = None if remaining is None else min(max(remaining, 0.0), self._max_sleep)
            self._wake.wait(sleep)

    def stop(self, timeout: float) -> None:
        with self._lock:
            self._stopped = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout)
