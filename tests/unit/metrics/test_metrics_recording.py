import threading

import pytest


def test_the_timer_context_manager_records_the_block(metrics, nano):
    for seconds in (0.010, 0.020, 0.030):
        with metrics.timer("preview.render"):
            nano.advance(seconds)
    stats = metrics.operation("preview.render")
    assert stats.count == 3 and stats.errors == 0
    assert (stats.min_s, stats.p50_s, stats.max_s) == (0.01, 0.02, 0.03)


def test_a_failing_block_is_timed_and_counted_as_an_error(metrics, nano):
    with pytest.raises(KeyError):
        with metrics.timer("save"):
            nano.advance(0.5)
            raise KeyError("field")
    stats = metrics.operation("save")
    assert (stats.count, stats.errors, stats.max_s) == (1, 1, 0.5)


def test_the_decorator_times_calls_and_keeps_the_function(metrics, nano):
    @metrics.timed("validate")
    def validate(template, *, strict=False):
        """Check a template."""
        nano.advance(0.004)
        if strict:
            raise ValueError("strict")
        return template.upper()

    assert validate("x") == "X"
    with pytest.raises(ValueError):
        validate("y", strict=True)
    assert validate.__name__ == "validate" and validate.__doc__ == "Check a template."
    stats = metrics.operation("validate")
    assert (stats.count, stats.errors, stats.total_s) == (2, 1, pytest.approx(0.008))


def test_the_decorator_names_the_operation_after_the_function_by_default(metrics):
    @metrics.timed()
    def render():
        return 1

    render()
    assert metrics.operation(f"{__name__}.{render.__qualname__}").count == 1


def test_explicit_records_and_counters(metrics):
    metrics.record("sync", 1.5)
    metrics.increment("cache.hit")
    metrics.increment("cache.hit", 4)
    assert metrics.operation("sync").p99_s == 1.5
    assert metrics.counter("cache.hit") == 5 and metrics.counter("never") == 0


def test_concurrent_recording_loses_nothing(metrics):
    def work():
        for _ in range(2000):
            metrics.record("op", 0.001)
            metrics.increment("calls")

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert metrics.operation("op").count == 12_000
    assert metrics.counter("calls") == 12_000
    assert metrics.operation("op").window == 100  # bounded memory


def test_reset_forgets_samples_and_counters(metrics):
    metrics.record("op", 1.0)
    metrics.increment("c")
    metrics.reset()
    assert metrics.operation("op") is None and metrics.counter("c") == 0
