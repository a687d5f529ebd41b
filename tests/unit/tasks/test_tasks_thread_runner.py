import threading

import pytest

from anki_template_designer.services.tasks import Cancelled, RunnerClosed, ThreadRunner


def test_results_and_errors_reach_their_callbacks_on_a_worker_thread():
    runner = ThreadRunner(max_workers=2)
    done, failed = [], []
    finished = threading.Event()
    runner.submit(
        lambda: 21 * 2, lambda v: done.append((v, threading.current_thread().name)), failed.append
    )

    def boom():
        raise KeyError("missing field")

    runner.submit(boom, done.append, lambda e: (failed.append(e), finished.set()))
    assert finished.wait(5)
    assert runner.close(timeout=5)
    assert done[0][0] == 42 and done[0][1].startswith("atd-task-")
    assert isinstance(failed[0], KeyError)


def test_threads_start_on_demand_and_are_daemons():
    def mine():
        return [t for t in threading.enumerate() if t.name.startswith("on-demand-")]

    runner = ThreadRunner(max_workers=3, name="on-demand")
    assert mine() == []
    ran = threading.Event()
    runner.submit(lambda: None, lambda _v: ran.set(), lambda _e: None)
    assert ran.wait(5)
    assert [(t.name, t.daemon) for t in mine()] == [("on-demand-1", True)]
    runner.close(timeout=5)
    assert mine() == []


def test_close_drops_queued_work_with_cancelled_and_refuses_more():
    runner = ThreadRunner(max_workers=1)
    release, started = threading.Event(), threading.Event()
    ran, errors = [], []
    runner.submit(lambda: (started.set(), release.wait(5)), ran.append, errors.append)
    assert started.wait(5)
    for index in range(3):
        runner.submit(lambda index=index: index, ran.append, errors.append)
    closer = threading.Thread(target=lambda: runner.close(timeout=5))
    closer.start()
    release.set()
    closer.join(5)
    assert len(ran) == 1  # only the task that was already running
    assert len(errors) == 3 and all(isinstance(e, Cancelled) for e in errors)
    with pytest.raises(RunnerClosed):
        runner.submit(lambda: 1, ran.append, errors.append)


def test_close_reports_a_worker_that_does_not_stop_in_time():
    runner = ThreadRunner(max_workers=1)
    release, started = threading.Event(), threading.Event()
    runner.submit(lambda: (started.set(), release.wait(10)), lambda _v: None, lambda _e: None)
    assert started.wait(5)
    assert runner.close(timeout=0.05) is False
    release.set()


def test_a_failing_callback_is_logged_and_the_worker_keeps_going(task_log):
    runner = ThreadRunner(max_workers=1)
    second = threading.Event()

    def bad_callback(_value):
        raise RuntimeError("callback bug")

    runner.submit(lambda: 1, bad_callback, lambda _e: None)
    runner.submit(lambda: 2, lambda _v: second.set(), lambda _e: None)
    assert second.wait(5)
    runner.close(timeout=5)
    failures = [r for r in task_log if r.getMessage() == "task callback failed"]
    assert len(failures) == 1 and "callback bug" in str(failures[0].exc_info[1])


def test_at_least_one_worker_is_required():
    with pytest.raises(ValueError):
        ThreadRunner(max_workers=0)
