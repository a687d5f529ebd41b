import pytest

from fake_clock import FakeClock
from log_records import records_of


@pytest.fixture
def clock():
    return FakeClock(start=1_700_000_000.0)  # a wall clock (entries persist on disk)


@pytest.fixture
def cache_log():
    """Records logged by the cache package (a handler on its own logger, so another
    test's logging set-up cannot hide them)."""
    with records_of("anki_template_designer.services.cache") as records:
        yield records
