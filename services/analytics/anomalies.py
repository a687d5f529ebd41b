"""Anomalies in a series with robust statistics: the latest value against the median and
MAD of the ones before it, confirmed by an EWMA trend. Used for performance history
(an operation's median per session) and learning (lapses per week).

A flag needs `MIN_HISTORY` earlier values, a robust z-score above `Z_LIMIT`, the value at
least `MIN_RATIO` times the median, and the EWMA of the last values above the median too:
a single spike on a flat series is a flag only if it is large, never from two points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .statistics import ewma, mad, median

MIN_HISTORY = 5
Z_LIMIT = 3.5
MIN_RATIO = 1.5
EWMA_ALPHA = 0.3


@dataclass(frozen=True)
class Anomaly:
    latest: float
    baseline: float
    robust_z: float
    trend: float

    @property
    def ratio(self) -> float:
        return self.latest / self.baseline if self.baseline else float("inf")


def latest_anomaly(values: Sequence[float]) -> Anomaly | None:
    if len(values) < MIN_HISTORY + 1:
        return None
    history, latest = list(values[:-1]), float(values[-1])
    centre = median(history)
    spread = mad(history)
    # A flat history has MAD 0: use 5% of the median so that noise is not infinite z.
    scale = spread if spread > 0 else max(abs(centre) * 0.05, 1e-9)
    z = (latest - centre) / scale
    trend = ewma(values, EWMA_ALPHA)[-1]
    if z > Z_LIMIT and latest >= MIN_RATIO * centre and trend > centre:
        return Anomaly(latest, centre, z, trend)
    return None
