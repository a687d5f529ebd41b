import logging

import pytest

from anki_template_designer.services.metrics import MemoryProbe, Metrics


class FakeNanoClock:
    """A perf_counter_ns stand-in: each block "takes" exactly what the test says."""

    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += round(seconds * 1e9)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def nano():
    return FakeNanoClock()


@pytest.fixture
def metrics(nano):
    wall = iter(range(1_700_000_000, 1_800_000_000))
    return Metrics(window=100, clock=lambda: float(next(wall)), clock_ns=nano, memory=MemoryProbe())


@pytest.fixture
def metrics_log():
    """Records logged by the metrics package, via a handler on its own logger."""
    logger = logging.getLogger("anki_template_designer.services.metrics")
    handler = _Collect()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(old_level)
