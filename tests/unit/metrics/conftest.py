import pytest

from anki_template_designer.services.metrics import MemoryProbe, Metrics
from log_records import records_of


class FakeNanoClock:
    """A perf_counter_ns stand-in: each block "takes" exactly what the test says."""

    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += round(seconds * 1e9)


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
    with records_of("anki_template_designer.services.metrics") as records:
        yield records
