import logging
import random

import pytest

from anki_template_designer.services.metrics import Metrics, nearest_rank


def test_an_alert_is_raised_once_when_p95_crosses_and_cleared_once_when_it_drops(
    metrics, metrics_log
):
    heard = []
    metrics.on_alert(heard.append)
    metrics.set_threshold("render", 0.100, min_samples=20)
    for _ in range(20):
        metrics.record("render", 0.010)
    assert metrics.alerts() == []
    for _ in range(5):  # 5 of 25 slow: p95 jumps above the limit on the second one
        metrics.record("render", 0.300)
    assert len(heard) == 1 and heard[0].active
    assert heard[0].value_s == 0.300 and heard[0].limit_s == 0.100
    for _ in range(40):  # still slow: no new alert, no new log line
        metrics.record("render", 0.300)
    assert len(heard) == 1
    assert [a.name for a in metrics.alerts()] == ["render"]
    for _ in range(100):  # the window (100) fills with fast samples again
        metrics.record("render", 0.010)
    assert len(heard) == 2 and not heard[1].active
    assert heard[1].cleared_at is not None and heard[1].value_s == 0.010
    assert metrics.alerts() == [] and metrics.alert_history() == [heard[1]]
    levels = [(r.levelno, r.getMessage()) for r in metrics_log]
    assert [lvl for lvl, _ in levels] == [logging.WARNING, logging.INFO]
    assert "slow operation render: p95 is 300.0 ms, above its 100.0 ms threshold" in levels[0][1]


def test_no_alert_before_min_samples(metrics):
    metrics.set_threshold("save", 0.1, min_samples=10)
    for _ in range(9):
        metrics.record("save", 5.0)
    assert metrics.alerts() == []
    metrics.record("save", 5.0)
    assert len(metrics.alerts()) == 1


def test_hysteresis_keeps_the_alert_until_below_the_clear_ratio(metrics):
    metrics.set_threshold("op", 0.100, min_samples=1, clear_ratio=0.9)
    for _ in range(100):
        metrics.record("op", 0.2)
    for _ in range(100):
        metrics.record("op", 0.095)  # below the limit, above 90 ms
    assert len(metrics.alerts()) == 1
    for _ in range(100):
        metrics.record("op", 0.090)
    assert metrics.alerts() == []


def test_a_threshold_set_on_already_slow_samples_alerts_at_once(metrics):
    for _ in range(30):
        metrics.record("op", 1.0)
    metrics.set_threshold("op", 0.5)
    assert [a.value_s for a in metrics.alerts()] == [1.0]
    metrics.remove_threshold("op")
    assert metrics.alerts() == []


def test_a_broken_listener_is_logged_and_does_not_stop_recording(metrics, metrics_log):
    def broken(alert):
        raise RuntimeError("ui bug")

    metrics.on_alert(broken)
    metrics.set_threshold("op", 0.1, min_samples=1)
    metrics.record("op", 1.0)
    metrics.record("op", 1.0)
    assert metrics.operation("op").count == 2
    assert any(r.getMessage() == "metrics alert listener failed" for r in metrics_log)


def test_the_constant_time_rule_matches_sorting_after_every_sample():
    """The per-sample check counts samples above the limit instead of sorting; replaying
    a random series, it must agree with the nearest-rank percentile of the window."""
    limit, ratio, window, min_samples, percentile = 0.1, 0.8, 50, 10, 95
    metrics = Metrics(window=window)
    metrics.set_threshold(
        "op", limit, percentile=percentile, min_samples=min_samples, clear_ratio=ratio
    )
    rng = random.Random(7)
    samples, alerting, flips = [], False, 0
    for step in range(3000):
        phase_slow = (step // 300) % 2 == 1
        sample = rng.uniform(0.05, 0.2) if phase_slow else rng.uniform(0.0, 0.09)
        metrics.record("op", sample)
        samples = [*samples, sample][-window:]
        p = nearest_rank(sorted(samples), percentile)
        if not alerting and len(samples) >= min_samples and p > limit:
            alerting, flips = True, flips + 1
        elif alerting and p <= limit * ratio:
            alerting, flips = False, flips + 1
        assert bool(metrics.alerts()) == alerting, f"step {step}"
    assert flips >= 4  # the series really went up and down several times


def test_invalid_thresholds_are_refused(metrics):
    with pytest.raises(ValueError):
        metrics.set_threshold("op", 0)
    with pytest.raises(ValueError):
        metrics.set_threshold("op", 1, percentile=101)
    with pytest.raises(ValueError):
        metrics.set_threshold("op", 1, min_samples=1000)  # more than the window holds
