import threading
import time

import pytest

from anki_template_designer.services.tasks import TaskManager, ThreadRunner
from fake_clock import FakeClock
from log_records import records_of


class Gate:
    """Holds a task until the test opens it; `entered` tells the test it is running."""

    def __init__(self):
        self.entered = threading.Event()
        self.opened = threading.Event()

    def __call__(self, token):
        self.entered.set()
        assert self.opened.wait(10), "gate never opened"
        return "gate"

    def open(self):
        self.opened.set()


def wait_until(condition, timeout=5.0):
    """Poll a condition another thread will make true; fails the test if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.001)


@pytest.fixture(name="wait_until")
def wait_until_fixture():
    return wait_until


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def runner():
    runner = ThreadRunner(max_workers=4)
    yield runner
    runner.close(timeout=5)


@pytest.fixture
def make_manager(runner, clock):
    managers = []

    def make(**kwargs):
        kwargs.setdefault("clock", clock)
        manager = TaskManager(runner, **kwargs)
        managers.append(manager)
        return manager

    yield make
    for manager in managers:
        manager.close(timeout=5)


@pytest.fixture
def gate():
    gate = Gate()
    yield gate
    gate.open()  # never leave a worker blocked, whatever the test did


@pytest.fixture
def task_log():
    """Records logged by the tasks package, via a handler on its own logger."""
    with records_of("anki_template_designer.services.tasks") as records:
        yield records
