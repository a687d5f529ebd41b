"""A thread-safe clock the tests move by hand, so TTLs and timeouts never need a sleep."""

import threading


class FakeClock:
    def __init__(self, start=1000.0):
        self.now = start
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            return self.now

    def advance(self, seconds):
        with self._lock:
            self.now += seconds
