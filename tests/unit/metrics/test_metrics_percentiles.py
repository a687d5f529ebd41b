import random

import pytest

from anki_template_designer.services.metrics import Metrics, nearest_rank


def test_nearest_rank_of_1_to_100_is_the_percentile_itself():
    samples = list(range(1, 101))
    assert [nearest_rank(samples, p) for p in (50, 95, 99, 100)] == [50, 95, 99, 100]
    assert nearest_rank(samples, 0.5) == 1


def test_small_and_empty_windows():
    assert nearest_rank([], 50) is None
    assert nearest_rank([7.0], 99) == 7.0
    assert [nearest_rank([1, 2, 3, 4], p) for p in (25, 50, 51, 75, 76)] == [1, 2, 3, 3, 4]
    with pytest.raises(ValueError):
        nearest_rank([1], 0)


def test_a_uniform_distribution_recorded_in_random_order():
    metrics = Metrics(window=1000)
    samples = [i / 1000 for i in range(1000)]  # 0.000 .. 0.999 s
    random.Random(4).shuffle(samples)
    for sample in samples:
        metrics.record("render", sample)
    stats = metrics.operation("render")
    assert (stats.p50_s, stats.p95_s, stats.p99_s) == (0.499, 0.949, 0.989)
    assert (stats.min_s, stats.max_s, stats.count) == (0.0, 0.999, 1000)
    assert stats.mean_s == pytest.approx(0.4995)


def test_a_skewed_distribution_shows_its_tail_only_above_the_median():
    metrics = Metrics(window=1000)
    for index in range(1000):
        metrics.record("save", 0.5 if index % 50 == 0 else 0.002)  # 2 % slow outliers
    stats = metrics.operation("save")
    assert (stats.p50_s, stats.p95_s, stats.p99_s) == (0.002, 0.002, 0.5)
    assert stats.mean_s == pytest.approx(0.98 * 0.002 + 0.02 * 0.5)


def test_percentiles_cover_the_last_window_samples_and_totals_cover_everything():
    metrics = Metrics(window=100)
    for _ in range(500):
        metrics.record("op", 1.0)
    for value in range(1, 101):
        metrics.record("op", value / 1000)
    stats = metrics.operation("op")
    assert stats.window == 100 and stats.count == 600
    assert (stats.p50_s, stats.max_s) == (0.05, 1.0)  # old samples left the window only
    assert stats.total_s == pytest.approx(500 + sum(range(1, 101)) / 1000)


def test_an_unknown_operation_has_no_stats():
    assert Metrics().operation("never recorded") is None
