import logging
import threading

import pytest


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


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def cache_log():
    """Records logged by the cache package (a handler on its own logger, so another
    test's logging set-up cannot hide them)."""
    logger = logging.getLogger("anki_template_designer.services.cache")
    handler = _Collect()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(old_level)
