import threading

import pytest

from anki_template_designer.services.tasks import (
    Cancelled,
    Priority,
    Status,
    TaskManager,
    TaskNotDone,
)


def recorder(log, name, value=None):
    def task(token):
        log.append(name)
        return name if value is None else value

    return task


def test_a_result_reaches_the_handle_and_the_callback(make_manager, wait_until):
    manager = make_manager()
    seen = []
    handle = manager.submit(lambda token: 6 * 7, on_outcome=seen.append)
    outcome = handle.wait(5)
    assert outcome.status is Status.DONE and outcome.unwrap() == 42
    wait_until(lambda: seen == [outcome])
    assert handle.done()


def test_a_failure_is_an_outcome_that_re_raises_on_unwrap(make_manager):
    manager = make_manager()

    def broken(token):
        raise ValueError("bad template")

    outcome = manager.submit(broken).wait(5)
    assert outcome.status is Status.FAILED and isinstance(outcome.error, ValueError)
    with pytest.raises(ValueError, match="bad template"):
        outcome.unwrap()


def test_interactive_work_runs_before_background_work_in_submission_order(make_manager, gate):
    manager = make_manager(max_concurrency=1)
    order = []
    manager.submit(gate)
    assert gate.entered.wait(5)
    handles = [
        manager.submit(recorder(order, "bg1"), priority=Priority.BACKGROUND),
        manager.submit(recorder(order, "ui1"), priority=Priority.INTERACTIVE),
        manager.submit(recorder(order, "bg2"), priority=Priority.BACKGROUND),
        manager.submit(recorder(order, "ui2"), priority=Priority.INTERACTIVE),
    ]
    assert manager.queue_depth == 4
    gate.open()
    for handle in handles:
        handle.wait(5)
    assert order == ["ui1", "ui2", "bg1", "bg2"]


def test_identical_requests_share_one_execution(make_manager, gate):
    manager = make_manager(max_concurrency=1)
    runs = []
    manager.submit(gate)
    assert gate.entered.wait(5)
    handles = [manager.submit(recorder(runs, "render"), key=("preview", 1)) for _ in range(3)]
    gate.open()
    outcomes = [handle.wait(5) for handle in handles]
    assert runs == ["render"]
    assert [o.unwrap() for o in outcomes] == ["render"] * 3
    assert manager.stats().deduplicated == 2


def test_a_request_joining_running_work_gets_its_result(make_manager):
    manager = make_manager()
    started, release = threading.Event(), threading.Event()
    runs = []

    def slow(token):
        runs.append(1)
        started.set()
        release.wait(5)
        return "html"

    first = manager.submit(slow, key="k")
    assert started.wait(5)
    second = manager.submit(slow, key="k")
    release.set()
    assert first.wait(5).unwrap() == second.wait(5).unwrap() == "html"
    assert runs == [1]


def test_joining_queued_background_work_interactively_raises_its_priority(make_manager, gate):
    manager = make_manager(max_concurrency=1)
    order = []
    manager.submit(gate)
    assert gate.entered.wait(5)
    handles = [
        manager.submit(recorder(order, "other"), priority=Priority.INTERACTIVE),
        manager.submit(recorder(order, "warm-up"), key="w", priority=Priority.BACKGROUND),
        manager.submit(recorder(order, "warm-up"), key="w", priority=Priority.INTERACTIVE),
    ]
    gate.open()
    for handle in handles:
        handle.wait(5)
    assert order == ["other", "warm-up"]


def test_coalescing_runs_only_the_latest_queued_request_of_a_group(make_manager, gate):
    manager = make_manager(max_concurrency=1)
    runs = []
    first = manager.submit(recorder(runs, "v0"), group="preview", key="v0")
    assert first.wait(5).unwrap() == "v0"
    manager.submit(gate)
    assert gate.entered.wait(5)
    burst = [
        manager.submit(recorder(runs, f"v{i}"), group="preview", key=f"v{i}") for i in range(1, 6)
    ]
    assert manager.queue_depth == 1
    gate.open()
    outcomes = [handle.wait(5) for handle in burst]
    assert runs == ["v0", "v5"]
    assert [o.status for o in outcomes] == [Status.SUPERSEDED] * 4 + [Status.DONE]
    superseded = outcomes[0]
    assert superseded.error is None and superseded.last_good.value == "v0"
    with pytest.raises(TaskNotDone):
        superseded.unwrap()
    assert manager.last_good("preview").value == "v5"


def test_an_older_group_result_finishing_late_does_not_replace_a_newer_one(make_manager):
    manager = make_manager(max_concurrency=2)
    old_started, release_old = threading.Event(), threading.Event()

    def old(token):
        old_started.set()
        release_old.wait(5)
        return "old"

    old_handle = manager.submit(old, group="preview")
    assert old_started.wait(5)
    assert manager.submit(lambda token: "new", group="preview").wait(5).unwrap() == "new"
    release_old.set()
    assert old_handle.wait(5).unwrap() == "old"
    assert manager.last_good("preview").value == "new"


def test_a_task_past_its_timeout_is_reported_with_the_last_good_result(
    make_manager, clock, gate, wait_until
):
    manager = make_manager()
    assert manager.submit(lambda token: "good", group="preview").wait(5).unwrap() == "good"
    tokens = []

    def hangs(token):
        tokens.append(token)
        return gate(token)

    handle = manager.submit(hangs, group="preview", timeout=2.0)
    assert gate.entered.wait(5)
    clock.advance(1.9)
    manager.check_timeouts()
    assert not handle.done()
    clock.advance(0.1)
    assert manager.check_timeouts() is None  # nothing else is due
    outcome = handle.wait(0)
    assert outcome.status is Status.TIMED_OUT
    assert outcome.last_good.value == "good"
    assert tokens[0].cancelled  # the work was told to stop
    gate.open()
    wait_until(lambda: manager.stats().late_results == 1)
    assert manager.last_good("preview").value == "good"  # a late result is not used


def test_queued_work_past_its_timeout_never_runs(make_manager, clock, gate):
    manager = make_manager(max_concurrency=1)
    runs = []
    manager.submit(gate)
    assert gate.entered.wait(5)
    handle = manager.submit(recorder(runs, "late"), timeout=1.0)
    clock.advance(1.0)
    manager.check_timeouts()
    assert handle.wait(0).status is Status.TIMED_OUT
    gate.open()
    after = manager.submit(recorder(runs, "after"))
    after.wait(5)
    assert runs == ["after"]


def test_the_watchdog_enforces_timeouts_on_its_own(runner):
    manager = TaskManager(runner, watchdog_max_sleep=0.01)  # the real monotonic clock
    release = threading.Event()
    handle = manager.submit(lambda token: release.wait(10), timeout=0.02)
    assert handle.wait(5).status is Status.TIMED_OUT
    release.set()
    manager.close(timeout=5)


def test_cancelling_before_start_means_it_never_runs(make_manager, gate):
    manager = make_manager(max_concurrency=1)
    runs = []
    manager.submit(gate)
    assert gate.entered.wait(5)
    handle = manager.submit(recorder(runs, "never"))
    assert handle.cancel() is True
    assert handle.wait(0).status is Status.CANCELLED
    assert handle.cancel() is False
    assert manager.queue_depth == 0
    gate.open()
    manager.submit(recorder(runs, "next")).wait(5)
    assert runs == ["next"]


def test_cancelling_running_work_sets_its_token_and_answers_at_once(make_manager, wait_until):
    manager = make_manager()
    started, stopped = threading.Event(), threading.Event()

    def cooperative(token):
        started.set()
        token.wait(10)  # a long job that checks its token
        stopped.set()
        token.raise_if_cancelled()
        return "finished"

    handle = manager.submit(cooperative)
    assert started.wait(5)
    handle.cancel()
    assert handle.wait(0).status is Status.CANCELLED
    assert stopped.wait(5)
    wait_until(lambda: manager.stats().running == 0)


def test_work_that_raises_cancelled_itself_is_cancelled_not_failed(make_manager):
    manager = make_manager()

    def gives_up(token):
        raise Cancelled("nothing to do")

    assert manager.submit(gives_up).wait(5).status is Status.CANCELLED


def test_cancelling_one_of_two_identical_requests_keeps_the_work_for_the_other(make_manager, gate):
    manager = make_manager(max_concurrency=1)
    runs = []
    manager.submit(gate)
    assert gate.entered.wait(5)
    first = manager.submit(recorder(runs, "shared"), key="k")
    second = manager.submit(recorder(runs, "shared"), key="k")
    first.cancel()
    gate.open()
    assert second.wait(5).unwrap() == "shared"
    assert first.wait(0).status is Status.CANCELLED
    assert runs == ["shared"]


def test_concurrency_is_bounded(make_manager, wait_until):
    manager = make_manager(max_concurrency=2)
    lock = threading.Lock()
    running, peak = [0], [0]
    release = threading.Event()

    def work(token):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        release.wait(5)
        with lock:
            running[0] -= 1

    handles = [manager.submit(work) for _ in range(6)]
    wait_until(lambda: running[0] == 2)  # two are inside `work`, blocked
    assert manager.stats().running == 2 and manager.queue_depth == 4
    release.set()
    for handle in handles:
        assert handle.wait(5).ok
    assert peak[0] == 2


def test_a_full_queue_rejects_new_work(make_manager, gate):
    manager = make_manager(max_concurrency=1, max_queued=2)
    manager.submit(gate)
    assert gate.entered.wait(5)
    queued = [manager.submit(lambda token: None) for _ in range(2)]
    rejected = manager.submit(lambda token: None)
    assert rejected.wait(0).status is Status.REJECTED
    gate.open()
    assert all(handle.wait(5).ok for handle in queued)


def test_close_cancels_queued_and_running_work_and_waits_for_it(make_manager, runner):
    manager = TaskManager(runner, max_concurrency=1)
    runs = []
    started = threading.Event()

    def running(token):
        started.set()
        token.wait(10)
        runs.append("running stopped")

    first = manager.submit(running)
    assert started.wait(5)
    queued = [manager.submit(recorder(runs, f"q{i}")) for i in range(3)]
    assert manager.close(timeout=5) is True
    assert [h.wait(0).status for h in [first, *queued]] == [Status.CANCELLED] * 4
    assert runs == ["running stopped"]
    late = manager.submit(recorder(runs, "after close"))
    assert late.wait(0).status is Status.CANCELLED
    assert runs == ["running stopped"]


def test_close_gives_up_on_work_that_ignores_its_token(runner):
    manager = TaskManager(runner)
    started, release = threading.Event(), threading.Event()

    def stubborn(token):
        started.set()
        release.wait(10)

    handle = manager.submit(stubborn)
    assert started.wait(5)
    assert manager.close(timeout=0.05) is False
    assert handle.wait(0).status is Status.CANCELLED
    release.set()


def test_a_failing_outcome_callback_is_logged_and_others_still_hear(
    make_manager, task_log, wait_until
):
    manager = make_manager()
    heard = []

    def bad(outcome):
        raise RuntimeError("ui bug")

    manager.submit(lambda token: 1, on_outcome=bad).wait(5)
    manager.submit(lambda token: 2, on_outcome=heard.append).wait(5)
    wait_until(lambda: len(heard) == 1)
    assert any(r.getMessage() == "task outcome callback failed" for r in task_log)


def test_stats_count_requests_by_outcome(make_manager):
    manager = make_manager()
    manager.submit(lambda token: 1).wait(5)
    manager.submit(lambda token: 1 / 0).wait(5)
    stats = manager.stats()
    assert stats.submitted == 2
    assert stats.outcomes["done"] == 1 and stats.outcomes["failed"] == 1
    assert (stats.queued, stats.running) == (0, 0)  # bookkeeping ends before delivery


def test_invalid_settings_are_refused(runner):
    with pytest.raises(ValueError):
        TaskManager(runner, max_concurrency=0)
    manager = TaskManager(runner)
    with pytest.raises(ValueError):
        manager.submit(lambda token: 1, timeout=0)
    manager.close()
