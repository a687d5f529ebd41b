"""A daemon thread that calls `tick()` every `interval` seconds until stopped: the sync
feature's wake-up for queued changes after a failure's backoff or when the network comes
back. The tick itself only checks and queues work on the task manager; it must not raise
(an exception is logged and the ticking goes on)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Ticker:
    def __init__(
        self, tick: Callable[[], None], interval: float = 5.0, name: str = "atd-sync-ticker"
    ) -> None:
        self._tick = tick
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._tick()
            except Exception:  # the next tick tries again
                log.exception("sync: the periodic check failed")

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
