import threading

import pytest

from log_records import records_of


class FakeClock:
    """Wall-clock stand-in the tests move by hand, so TTLs never need a sleep."""

    def __init__(self, start=1_700_000_000.0):
        self.now = start
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            return self.now

    def advance(self, seconds):
        with self._lock:
            self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def cache_log():
    """Records logged by the cache package (a handler on its own logger, so another
    test's logging set-up cannot hide them)."""
    with records_of("anki_template_designer.services.cache") as records:
        yield records
