"""Slow-operation alerts: raised once when a percentile crosses its limit, cleared once.

Alerting on every slow sample would flood the log and make the UI badge flicker, so an
alert is a state per operation: raised when the percentile (p95 by default) goes above
the limit with at least `min_samples` samples in the window, cleared when it falls to
`clear_ratio` x limit or below (the gap stops it flapping around the limit). The state
is tracked per sample by `series.py`; this module holds the records the UI shows.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    name: str
    limit_s: float
    percentile: float = 95.0
    min_samples: int = 20
    clear_ratio: float = 0.9

    def __post_init__(self) -> None:
        if self.limit_s <= 0 or not 0 < self.percentile <= 100:
            raise ValueError(f"invalid threshold {self}")
        if not 0 < self.clear_ratio <= 1 or self.min_samples < 1:
            raise ValueError(f"invalid threshold {self}")


@dataclass(frozen=True)
class Alert:
    """What the UI shows as a badge; `cleared_at` is None while the alert is active."""

    name: str
    percentile: float
    limit_s: float
    value_s: float
    raised_at: float
    cleared_at: float | None = None

    @property
    def active(self) -> bool:
        return self.cleared_at is None


class AlertBook:
    """Active alerts and a bounded history of cleared ones."""

    def __init__(self, history: int = 100) -> None:
        self._lock = threading.Lock()
        self._active: dict[str, Alert] = {}
        self._history: deque[Alert] = deque(maxlen=history)

    def set_state(
        self, threshold: Threshold, alerting: bool, value: float, now: float
    ) -> Alert | None:
        """Make `threshold.name`'s alert active or not; returns the alert if that changed
        anything (raised, or cleared with `cleared_at` set), None otherwise."""
        with self._lock:
            current = self._active.get(threshold.name)
            if alerting and current is None:
                raised = Alert(threshold.name, threshold.percentile, threshold.limit_s, value, now)
                self._active[threshold.name] = raised
                return raised
            if not alerting and current is not None:
                cleared = dataclasses.replace(current, value_s=value, cleared_at=now)
                del self._active[threshold.name]
                self._history.append(cleared)
                return cleared
            return None

    def drop(self, name: str) -> None:
        with self._lock:
            self._active.pop(name, None)

    def active(self) -> list[Alert]:
        with self._lock:
            return sorted(self._active.values(), key=lambda alert: alert.raised_at)

    def history(self) -> list[Alert]:
        with self._lock:
            return list(self._history)
