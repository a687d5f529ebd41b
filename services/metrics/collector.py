"""`Metrics`: timers, counters, memory samples and slow-operation alerts in one place.

Designed so that timing can stay on in production: `record` costs well under 2 µs (see
bench/bench_engine.py) because it appends to the operation's bounded window under that
operation's own lock and does nothing else. Percentiles are computed when read; a
threshold is checked on every sample in constant time (see series.py), and the window is
sorted only when an alert is raised or cleared.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from .memory import MemoryProbe, MemorySample
from .percentiles import DEFINITION, nearest_rank
from .series import Series
from .snapshot import MetricsSnapshot, OperationStats
from .thresholds import Alert, AlertBook, Threshold
from .timer import Timing

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger(__name__)

AlertListener = Callable[[Alert], None]


class Metrics:
    def __init__(
        self,
        *,
        window: int = 1024,
        clock: Callable[[], float] = time.time,
        clock_ns: Callable[[], int] = time.perf_counter_ns,
        memory: MemoryProbe | None = None,
        memory_history: int = 120,
    ) -> None:
        """`window`: samples kept per operation for percentiles. `clock`: wall time for
        timestamps. `clock_ns`: the monotonic nanosecond timer for durations."""
        if window < 1:
            raise ValueError(f"window must be at least 1, got {window}")
        self.window = window
        self._clock = clock
        self._clock_ns = clock_ns
        self._memory = memory if memory is not None else MemoryProbe()
        self._series: dict[str, Series] = {}
        self._series_lock = threading.Lock()
        self._counters: dict[str, int] = {}
        self._counters_lock = threading.Lock()
        self._thresholds: dict[str, Threshold] = {}
        self._alerts = AlertBook()
        self._alert_lock = threading.Lock()
        self._listeners: list[AlertListener] = []
        self._memory_samples: deque[MemorySample] = deque(maxlen=memory_history)

    # -- recording (hot path) -------------------------------------------------------------

    def record(self, name: str, seconds: float) -> None:
        """Add one duration sample for operation `name`."""
        series = self._series.get(name)
        if series is None:
            series = self._series_for(name)
        if series.add(seconds):
            self._alert_flipped(series)

    def record_error(self, name: str) -> None:
        """Count a failed call of `name` (its duration is recorded separately)."""
        self._series_for(name).add_error()

    def timer(self, name: str) -> Timing:
        """`with metrics.timer("preview.render"): ...`"""
        series = self._series.get(name) or self._series_for(name)
        return Timing(series, self._clock_ns, self._alert_flipped)

    def timed(self, name: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
        """Decorator; the operation defaults to the function's module and qualified name."""

        def decorate(fn: Callable[P, R]) -> Callable[P, R]:
            operation = name or f"{fn.__module__}.{fn.__qualname__}"

            @functools.wraps(fn)
            def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
                with self.timer(operation):
                    return fn(*args, **kwargs)

            return wrapper

        return decorate

    def increment(self, name: str, amount: int = 1) -> None:
        with self._counters_lock:
            self._counters[name] = self._counters.get(name, 0) + amount

    def _series_for(self, name: str) -> Series:
        series = self._series.get(name)
        if series is None:
            with self._series_lock:
                series = self._series.get(name)
                if series is None:
                    series = self._series[name] = Series(name, self.window)
                    series.set_threshold(self._thresholds.get(name))
        return series

    # -- memory ---------------------------------------------------------------------------

    def sample_memory(self) -> MemorySample:
        """Read this process's memory now and keep it in the bounded history."""
        sample = self._memory.sample(self._clock())
        self._memory_samples.append(sample)
        return sample

    def memory_history(self) -> list[MemorySample]:
        return list(self._memory_samples)

    # -- thresholds and alerts ------------------------------------------------------------

    def set_threshold(
        self,
        name: str,
        limit_s: float,
        *,
        percentile: float = 95.0,
        min_samples: int = 20,
        clear_ratio: float = 0.9,
    ) -> None:
        """Alert when `name`'s percentile goes above `limit_s` seconds (see thresholds.py);
        replaces an earlier threshold for `name`."""
        if min_samples > self.window:
            raise ValueError(f"min_samples {min_samples} exceeds the window of {self.window}")
        threshold = Threshold(name, limit_s, percentile, min_samples, clear_ratio)
        series = self._series_for(name)
        with self._series_lock:
            self._thresholds[name] = threshold
        self._alerts.drop(name)
        if series.set_threshold(threshold):
            self._alert_flipped(series)

    def remove_threshold(self, name: str) -> None:
        with self._series_lock:
            self._thresholds.pop(name, None)
            series = self._series.get(name)
        if series is not None:
            series.set_threshold(None)
        self._alerts.drop(name)

    def on_alert(self, listener: AlertListener) -> Callable[[], None]:
        """`listener(alert)` is called when an alert is raised or cleared; returns the
        function that unsubscribes it (a closed window must not stay referenced)."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _alert_flipped(self, series: Series) -> None:
        """Record, log and announce a raised or cleared alert (rare: sorting is fine).

        Serialised, and driven by the series' current state rather than by the flip that
        called it, so concurrent flips of one operation settle on the right badge."""
        threshold = self._thresholds.get(series.name)
        if threshold is None:
            return
        with self._alert_lock:
            alerting, samples = series.alert_state()
            value = nearest_rank(samples, threshold.percentile)
            if value is None:
                return
            changed = self._alerts.set_state(threshold, alerting, value, self._clock())
        if changed is None:  # another thread already reported this flip
            return
        if changed.active:
            log.warning(
                "slow operation %s: p%g is %.1f ms, above its %.1f ms threshold",
                changed.name,
                changed.percentile,
                changed.value_s * 1000,
                changed.limit_s * 1000,
            )
        else:
            log.info(
                "operation %s is back to normal: p%g is %.1f ms",
                changed.name,
                changed.percentile,
                changed.value_s * 1000,
            )
        for listener in list(self._listeners):
            try:
                listener(changed)
            except Exception:  # one broken listener must not stop recording: log it
                log.exception("metrics alert listener failed")

    def alerts(self) -> list[Alert]:
        """Active alerts, oldest first: the badges to show."""
        return self._alerts.active()

    def alert_history(self) -> list[Alert]:
        """Cleared alerts, oldest first (bounded)."""
        return self._alerts.history()

    # -- reading --------------------------------------------------------------------------

    def operation(self, name: str) -> OperationStats | None:
        series = self._series.get(name)
        return None if series is None else series.stats()

    def counter(self, name: str) -> int:
        with self._counters_lock:
            return self._counters.get(name, 0)

    def snapshot(self, *, sample_memory: bool = True) -> MetricsSnapshot:
        alerts = self._alerts.active()
        with self._series_lock:
            series = sorted(self._series.values(), key=lambda s: s.name)
        with self._counters_lock:
            counters = dict(self._counters)
        memory = self.sample_memory() if sample_memory else None
        return MetricsSnapshot(
            taken_at=self._clock(),
            percentile_definition=DEFINITION,
            operations=tuple(s.stats() for s in series),
            counters=counters,
            memory=memory,
            alerts=tuple(alerts),
        )

    def reset(self) -> None:
        """Forget samples, counters and alerts; thresholds stay."""
        with self._series_lock:
            self._series.clear()
            names = list(self._thresholds)
        for name in names:
            self._alerts.drop(name)
        with self._counters_lock:
            self._counters.clear()
