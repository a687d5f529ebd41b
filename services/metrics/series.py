"""The samples of one operation: a sliding window for percentiles, totals for all time.

Recording is the hot path (it wraps every render), so it only appends to a bounded deque
and bumps a few numbers under the series' own lock; sorting for percentiles happens when
someone reads them. The window (last N samples) bounds memory and keeps percentiles
about recent behaviour; count, errors, total, min and max cover the series' lifetime.

A threshold is watched in O(1) per sample, without sorting: by the nearest-rank
definition, the p-th percentile of n samples exceeds a limit L exactly when fewer than
ceil(p/100 * n) samples are <= L. So the series counts the window's samples above the
limit (and above the clearing level) as they enter and leave, and `add` says when the
alert state flips; only then does anyone sort.
"""

from __future__ import annotations

import math
import threading
from collections import deque

from .percentiles import REPORTED, nearest_rank
from .snapshot import OperationStats
from .thresholds import Threshold


class _Watch:
    """Counts for one threshold over the window; `rank` is cached per window length."""

    __slots__ = (
        "above",
        "above_clear",
        "alerting",
        "clear_limit",
        "limit",
        "min_samples",
        "n",
        "rank",
        "threshold",
    )

    def __init__(self, threshold: Threshold, samples: deque[float]) -> None:
        self.threshold = threshold
        self.limit = threshold.limit_s
        self.clear_limit = threshold.limit_s * threshold.clear_ratio
        self.min_samples = threshold.min_samples
        self.above = sum(1 for s in samples if s > self.limit)
        self.above_clear = sum(1 for s in samples if s > self.clear_limit)
        self.alerting = False
        self.n = -1
        self.rank = 0

    def flipped(self, n: int) -> bool:
        """Update `alerting` for a window of n samples; True if it changed. (`Series.add`
        inlines the same rule for speed.)"""
        if n != self.n:
            self.n = n
            self.rank = math.ceil(self.threshold.percentile / 100 * n)
        if self.alerting:
            flip = n - self.above_clear >= self.rank
        else:
            flip = n >= self.min_samples and n - self.above < self.rank
        if flip:
            self.alerting = not self.alerting
        return flip


class Series:
    __slots__ = ("count", "errors", "lock", "max", "min", "name", "total", "watch", "window")

    def __init__(self, name: str, window: int) -> None:
        self.name = name
        self.lock = threading.Lock()
        self.window: deque[float] = deque(maxlen=window)
        self.count = 0
        self.errors = 0
        self.total = 0.0
        self.min = math.inf
        self.max = -math.inf
        self.watch: _Watch | None = None

    def add(self, seconds: float) -> bool:
        """Record one sample; True if a watched threshold's alert state flipped."""
        with self.lock:
            window = self.window
            self.count += 1
            self.total += seconds
            if seconds < self.min:
                self.min = seconds
            if seconds > self.max:
                self.max = seconds
            watch = self.watch
            if watch is None:
                window.append(seconds)
                return False
            # Inlined (this is the per-sample path): keep the counts in step with the window.
            n = len(window)
            if n == window.maxlen:  # the oldest sample is about to leave
                leaving = window[0]
                if leaving > watch.clear_limit:
                    watch.above_clear -= 1
                    if leaving > watch.limit:
                        watch.above -= 1
            else:
                n += 1
            if seconds > watch.clear_limit:
                watch.above_clear += 1
                if seconds > watch.limit:
                    watch.above += 1
            window.append(seconds)
            if n != watch.n:
                watch.n = n
                watch.rank = math.ceil(watch.threshold.percentile / 100 * n)
            if watch.alerting:
                if n - watch.above_clear < watch.rank:
                    return False
            elif n < watch.min_samples or n - watch.above >= watch.rank:
                return False
            watch.alerting = not watch.alerting
            return True

    def add_error(self) -> None:
        with self.lock:
            self.errors += 1

    def set_threshold(self, threshold: Threshold | None) -> bool:
        """Start (or stop) watching; True if the samples already held are alerting."""
        with self.lock:
            if threshold is None:
                self.watch = None
                return False
            self.watch = _Watch(threshold, self.window)
            return self.watch.flipped(len(self.window))

    def alert_state(self) -> tuple[bool, list[float]]:
        """Whether the watched threshold is alerting, with the window it judged (sorted)."""
        with self.lock:
            alerting = self.watch is not None and self.watch.alerting
            samples = list(self.window)
        samples.sort()
        return alerting, samples

    def stats(self) -> OperationStats:
        with self.lock:
            samples = list(self.window)
            count, errors, total = self.count, self.errors, self.total
            low, high = self.min, self.max
        samples.sort()
        p50, p95, p99 = (nearest_rank(samples, p) for p in REPORTED)
        return OperationStats(
            name=self.name,
            count=count,
            errors=errors,
            total_s=total,
            mean_s=total / count if count else None,
            min_s=low if count else None,
            max_s=high if count else None,
            p50_s=p50,
            p95_s=p95,
            p99_s=p99,
            window=len(samples),
        )
